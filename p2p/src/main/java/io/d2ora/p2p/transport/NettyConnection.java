package io.d2ora.p2p.transport;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.multistream.MultistreamNegotiator;
import io.d2ora.p2p.yamux.YamuxHeader;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A Noise-secured yamux connection over a Netty channel. */
final class NettyConnection implements Connection {
  private final Channel channel;
  private final YamuxSession session;
  private final PeerId remotePeer;
  private final boolean initiator;
  private final long negotiationTimeoutMillis;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

  NettyConnection(
      Channel channel,
      YamuxSession session,
      PeerId remotePeer,
      boolean initiator,
      long negotiationTimeoutMillis) {
    this.channel = channel;
    this.session = session;
    this.remotePeer = remotePeer;
    this.initiator = initiator;
    this.negotiationTimeoutMillis = negotiationTimeoutMillis;
    channel.closeFuture().addListener(f -> closeFuture.complete(null));
  }

  @Override
  public PeerId remotePeer() {
    return remotePeer;
  }

  @Override
  public Multiaddr remoteAddress() {
    return toMultiaddr(channel.remoteAddress());
  }

  @Override
  public Multiaddr localAddress() {
    return toMultiaddr(channel.localAddress());
  }

  static Multiaddr toMultiaddr(java.net.SocketAddress address) {
    InetSocketAddress a = (InetSocketAddress) address;
    return Multiaddr.tcp(a.getAddress(), a.getPort());
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public CompletableFuture<P2PStream> openStream(String... protocolIds) {
    List<String> protocols = List.of(protocolIds);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("openStream needs at least one protocol id");
    }
    CompletableFuture<P2PStream> result = new CompletableFuture<>();
    session.execute(
        () -> {
          YamuxStream stream;
          try {
            stream = session.open();
          } catch (P2PException e) {
            result.completeExceptionally(e);
            return;
          }
          StreamNegotiation negotiation =
              new StreamNegotiation(
                  stream,
                  MultistreamNegotiator.initiator(protocols),
                  selected -> result.complete(stream),
                  result::completeExceptionally);
          stream.startNegotiation(negotiation);
          session.flush();
          session.schedule(
              () -> {
                if (!negotiation.isDone()) {
                  negotiation.fail(
                      new P2PException("protocol negotiation timed out for " + protocols));
                  stream.reset();
                }
              },
              negotiationTimeoutMillis);
        });
    return result;
  }

  @Override
  public int streamCount() {
    return session.streamCount();
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public CompletableFuture<Void> close() {
    session.execute(
        () -> {
          if (channel.isActive()) {
            session.goAway(YamuxHeader.GO_AWAY_NORMAL).addListener(f -> channel.close());
          }
        });
    return closeFuture;
  }

  /** Closes at once after telling the peer it broke the protocol. */
  void abort() {
    session.execute(
        () -> {
          if (channel.isActive()) {
            session.goAway(YamuxHeader.GO_AWAY_PROTOCOL_ERROR).addListener(f -> channel.close());
          }
        });
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  YamuxSession session() {
    return session;
  }

  Channel channel() {
    return channel;
  }

  @Override
  public String toString() {
    return "Connection["
        + remotePeer
        + " "
        + (initiator ? "out" : "in")
        + " "
        + channel.remoteAddress()
        + "]";
  }
}
