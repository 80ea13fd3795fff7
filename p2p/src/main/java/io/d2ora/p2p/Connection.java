package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed connection to an authenticated peer (TCP + Noise + yamux). */
public interface Connection {
  PeerId remotePeer();

  /** The peer's address as seen by us, e.g. {@code /ip4/127.0.0.1/tcp/4001}. */
  Multiaddr remoteAddress();

  Multiaddr localAddress();

  /** Whether we dialled this connection (outbound). */
  boolean isInitiator();

  /**
   * Opens a stream and negotiates the first of {@code protocolIds} the peer supports (proposals are
   * pipelined: the first one costs no extra round trip).
   *
   * @return the negotiated stream; fails with {@link ProtocolNotSupportedException}, {@link
   *     LimitExceededException} or {@link P2PException} on a closed connection
   */
  CompletableFuture<P2PStream> openStream(String... protocolIds);

  /** Number of open streams on this connection. */
  int streamCount();

  boolean isOpen();

  /** Closes gracefully (yamux GoAway, then the socket); idempotent. */
  CompletableFuture<Void> close();

  /** Completes when the connection is closed, for whatever reason. */
  CompletableFuture<Void> closeFuture();
}
