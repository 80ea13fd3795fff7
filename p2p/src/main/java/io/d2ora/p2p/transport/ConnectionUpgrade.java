package io.d2ora.p2p.transport;

import io.d2ora.p2p.Connection;
import io.d2ora.p2p.DialException;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multistream.MultistreamNegotiator;
import io.d2ora.p2p.noise.NoiseHandshake;
import io.d2ora.p2p.noise.NoiseSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one connection's pipeline and walks it through the upgrade:
 *
 * <pre>
 * TCP -> multistream "/noise" -> Noise XX (peer ID check) -> multistream "/yamux/1.0.0" -> yamux
 * </pre>
 *
 * Each stage installs the next after itself and removes itself, so pipelined bytes carry over. The
 * {@code result} completes with the connection, or fails with {@link DialException} carrying the
 * reason; the whole upgrade is bounded by the dial timeout.
 */
final class ConnectionUpgrade {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionUpgrade.class);

  /** What the upgrade needs from the host. */
  interface Host {
    P2PConfig config();

    void onUpgraded(NettyConnection connection);

    void acceptStream(YamuxStream stream);

    void reportMisbehavior(PeerId peer, String protocol, String reason);
  }

  private final boolean initiator;
  private final PeerId expected;
  private final Host host;
  private final CompletableFuture<Connection> result;
  private volatile PeerId remotePeer;
  private volatile Throwable failure;

  ConnectionUpgrade(
      boolean initiator, PeerId expected, Host host, CompletableFuture<Connection> result) {
    this.initiator = initiator;
    this.expected = expected;
    this.host = host;
    this.result = result;
  }

  /** Installs the first stage on a freshly registered channel. */
  void install(SocketChannel ch) {
    P2PConfig config = host.config();
    MultistreamNegotiator security =
        initiator
            ? MultistreamNegotiator.initiator(List.of(NoiseHandshakeHandler.PROTOCOL_ID))
            : MultistreamNegotiator.responder(NoiseHandshakeHandler.PROTOCOL_ID::equals);
    ch.pipeline().addLast("mss-security", new MultistreamHandler(security, this::startNoise));
    ch.pipeline().addLast("errors", new ErrorHandler());
    ch.eventLoop()
        .schedule(
            () -> {
              if (!result.isDone()) {
                failure =
                    new DialException("connection upgrade timed out after " + config.dialTimeout());
                ch.close();
              }
            },
            config.dialTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    ch.closeFuture()
        .addListener(
            f ->
                result.completeExceptionally(
                    failure instanceof DialException d
                        ? d
                        : new DialException(
                            "connection closed during upgrade"
                                + (failure == null ? "" : ": " + failure.getMessage()),
                            failure)));
  }

  private void startNoise(ChannelHandlerContext ctx, String protocol) {
    List<String> muxers = List.of(YamuxSession.PROTOCOL_ID);
    NoiseHandshake handshake =
        initiator
            ? NoiseHandshake.initiator(host.config().identity(), expected, muxers)
            : NoiseHandshake.responder(host.config().identity(), muxers);
    ctx.pipeline()
        .addAfter(
            ctx.name(),
            "noise-handshake",
            new NoiseHandshakeHandler(handshake, initiator, this::secured));
  }

  private void secured(ChannelHandlerContext ctx, NoiseSession session) {
    remotePeer = session.remotePeer();
    ctx.pipeline().addAfter(ctx.name(), "noise", new NoiseTransportHandler(session));
    if (!session.remoteMuxers().isEmpty()) {
      // Inlined muxer negotiation (libp2p specs, connections/inlined-muxer-negotiation.md): both
      // sides listed muxers in their Noise payloads, so the first common one is used without a
      // multistream round trip. We offer only yamux.
      if (!session.remoteMuxers().contains(YamuxSession.PROTOCOL_ID)) {
        throw new ProtocolViolationException(
            "no common stream muxer: peer offers " + session.remoteMuxers());
      }
      muxed(ctx.pipeline().context("noise"), YamuxSession.PROTOCOL_ID);
      return;
    }
    MultistreamNegotiator muxer =
        initiator
            ? MultistreamNegotiator.initiator(List.of(YamuxSession.PROTOCOL_ID))
            : MultistreamNegotiator.responder(YamuxSession.PROTOCOL_ID::equals);
    ctx.pipeline().addAfter("noise", "mss-muxer", new MultistreamHandler(muxer, this::muxed));
  }

  private void muxed(ChannelHandlerContext ctx, String protocol) {
    P2PConfig config = host.config();
    YamuxSession session =
        new YamuxSession(
            initiator,
            config.maxStreamsPerConnection(),
            config.maxReceiveWindow(),
            host::acceptStream);
    NettyConnection connection =
        new NettyConnection(
            ctx.channel(), session, remotePeer, initiator, config.negotiationTimeout().toMillis());
    session.bind(connection);
    ctx.pipeline().addAfter(ctx.name(), "yamux", session);
    host.onUpgraded(connection);
    result.complete(connection);
  }

  /** Last handler: closes the channel on any error, reporting protocol violations. */
  private final class ErrorHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable root =
          cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
      if (failure == null) {
        failure = root;
      }
      PeerId peer = remotePeer;
      if (root instanceof ProtocolViolationException && peer != null) {
        host.reportMisbehavior(peer, layer(ctx), root.getMessage());
      }
      if (root instanceof IOException) {
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), root.toString());
      } else {
        LOG.info(
            "closing connection {} ({}): {}", ctx.channel().remoteAddress(), peer, root.toString());
      }
      ctx.close();
    }

    private String layer(ChannelHandlerContext ctx) {
      return ctx.pipeline().get("yamux") != null
          ? YamuxSession.PROTOCOL_ID
          : NoiseHandshakeHandler.PROTOCOL_ID;
    }
  }
}
