package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark protocol shared with peer.mjs: the sender streams bytes and half-closes; the receiver
 * counts them and answers with the count as 8 big-endian bytes.
 */
public final class SinkProtocol {
  public static final String PROTOCOL_ID = "/d2ora/sink/1.0.0";

  private SinkProtocol() {}

  public static void serve(P2PStream stream) {
    long[] count = new long[1];
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            count[0] += data.length;
          }

          @Override
          public void onRemoteClose() {
            stream.write(ByteBuffer.allocate(8).putLong(count[0]).array());
            stream.closeWrite();
          }
        });
  }

  /**
   * Sends {@code total} bytes split over {@code streams} concurrent streams; completes when all
   * counted.
   */
  public static CompletableFuture<Long> send(
      P2PNetwork network, PeerId peer, long total, int streams) {
    byte[] chunk = new byte[4 << 20];
    long per = total / streams;
    List<CompletableFuture<Long>> all = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      all.add(network.openStream(peer, PROTOCOL_ID).thenCompose(s -> sendOne(s, chunk, per)));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> all.stream().mapToLong(CompletableFuture::join).sum());
  }

  private static CompletableFuture<Long> sendOne(P2PStream stream, byte[] chunk, long bytes) {
    CompletableFuture<Long> counted = new CompletableFuture<>();
    ByteBuffer reply = ByteBuffer.allocate(8);
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            reply.put(data, 0, Math.min(data.length, reply.remaining()));
          }

          @Override
          public void onRemoteClose() {
            counted.complete(reply.flip().remaining() == 8 ? reply.getLong() : -1L);
          }

          @Override
          public void onReset(StreamResetException cause) {
            counted.completeExceptionally(cause);
          }
        });
    pump(stream, chunk, bytes, counted);
    return counted;
  }

  /** Keeps at most a few chunks in flight: each write's completion queues the next. */
  private static void pump(
      P2PStream stream, byte[] chunk, long left, CompletableFuture<Long> done) {
    if (left <= 0) {
      stream.closeWrite();
      return;
    }
    int n = (int) Math.min(chunk.length, left);
    CompletableFuture<Void> w = stream.write(chunk, 0, n);
    if (left - n > 0 && left - n > chunk.length) {
      // two writes outstanding keeps the pipe full while bounding memory
      w.whenComplete(
          (v, e) -> {
            if (e != null) {
              done.completeExceptionally(e);
            }
          });
      stream
          .write(chunk, 0, chunk.length)
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  done.completeExceptionally(e);
                } else {
                  pump(stream, chunk, left - n - chunk.length, done);
                }
              });
    } else {
      w.whenComplete(
          (v, e) -> {
            if (e != null) {
              done.completeExceptionally(e);
            } else {
              pump(stream, chunk, left - n, done);
            }
          });
    }
  }
}
