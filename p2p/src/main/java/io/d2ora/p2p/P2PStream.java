package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One negotiated, multiplexed stream to a peer (a yamux stream after multistream-select).
 *
 * <p>Reading: either set a {@link StreamListener} (push, called on the connection's event loop) or
 * take the blocking {@link #inputStream()} (pull, for worker threads), not both. Bytes that arrive
 * before either is chosen are buffered (up to the receive window) and delivered first. The receive
 * window is returned to the sender as the application consumes data: after each {@code onData} call
 * returns, or as the input stream is read; a slow reader therefore slows the sender instead of
 * growing memory.
 *
 * <p>Writing: {@link #write} may be called from any thread; writes are sent in call order. The
 * returned future completes once the bytes are handed to the socket (after flow control allowed
 * them), or fails with {@link StreamResetException} if the stream was reset first. Waiting for it
 * before the next large write is the back-pressure mechanism.
 *
 * <p>Ending: {@link #closeWrite()} half-closes (the peer reads end-of-stream; we can still read);
 * the stream is fully closed once both sides have closed their write side. {@link #reset()} aborts
 * both directions at once. {@link #closeFuture()} reports the end either way.
 */
public interface P2PStream {
  /** The peer at the other end. */
  PeerId remotePeer();

  /** The connection this stream runs on. */
  Connection connection();

  /** The protocol id negotiated for this stream, e.g. {@code /ipfs/ping/1.0.0}. */
  String protocol();

  /** Whether this side opened the stream. */
  boolean isInitiator();

  /**
   * Sends {@code data}. The array is not copied: do not modify it until the future completes.
   *
   * @return completes when the bytes are written to the connection; fails with {@link
   *     StreamResetException} or {@link P2PException} if they never will be
   */
  CompletableFuture<Void> write(byte[] data);

  /** Sends {@code data[offset, offset + length)}; same contract as {@link #write(byte[])}. */
  CompletableFuture<Void> write(byte[] data, int offset, int length);

  /**
   * Pushes received data to {@code listener} on the connection's event loop, beginning with any
   * bytes already buffered. Call at most once, and not together with {@link #inputStream()}.
   */
  void setListener(StreamListener listener);

  /**
   * A blocking view of the received bytes, for worker threads (never on an event loop). {@code
   * read} returns -1 once the peer half-closed and every byte was read, and throws an {@code
   * IOException} wrapping {@link StreamResetException} after a reset. Zero-length reads return 0
   * immediately. Closing it resets the stream if the peer has not finished sending.
   */
  InputStream inputStream();

  /** Half-closes our side (yamux FIN) after all pending writes; idempotent. */
  CompletableFuture<Void> closeWrite();

  /** Aborts the stream in both directions (yamux RST); idempotent, never throws. */
  void reset();

  /**
   * Completes normally when both sides have closed their write side, or exceptionally with {@link
   * StreamResetException} when the stream was reset or its connection closed first.
   */
  CompletableFuture<Void> closeFuture();
}
