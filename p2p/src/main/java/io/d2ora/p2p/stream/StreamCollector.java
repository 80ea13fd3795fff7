package io.d2ora.p2p.stream;

import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.StreamListener;
import io.d2ora.p2p.StreamResetException;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Collects everything a peer sends on a stream until it half-closes, with a size limit. Exceeding
 * the limit resets the stream and fails the result with {@link ProtocolViolationException}.
 */
public final class StreamCollector implements StreamListener {
  private final P2PStream stream;
  private final int maxBytes;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();

  private StreamCollector(P2PStream stream, int maxBytes) {
    this.stream = stream;
    this.maxBytes = maxBytes;
  }

  /**
   * Starts collecting; the future completes (on the event loop) with all bytes at end-of-stream.
   */
  public static CompletableFuture<byte[]> collect(P2PStream stream, int maxBytes) {
    StreamCollector c = new StreamCollector(stream, maxBytes);
    stream.setListener(c);
    return c.result;
  }

  @Override
  public void onData(byte[] data) {
    if (result.isDone()) {
      return;
    }
    if (bytes.size() + (long) data.length > maxBytes) {
      result.completeExceptionally(
          new ProtocolViolationException(
              "stream " + stream.protocol() + " sent more than " + maxBytes + " bytes"));
      stream.reset();
      return;
    }
    bytes.writeBytes(data);
  }

  @Override
  public void onRemoteClose() {
    result.complete(bytes.toByteArray());
  }

  @Override
  public void onReset(StreamResetException cause) {
    result.completeExceptionally(cause);
  }
}
