package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Test protocol: echoes every byte back and half-closes when the sender does. */
public final class EchoProtocol {
  public static final String PROTOCOL_ID = "/d2ora/echo/1.0.0";

  private EchoProtocol() {}

  public static void serve(P2PStream stream) {
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            stream.write(data);
          }

          @Override
          public void onRemoteClose() {
            stream.closeWrite();
          }
        });
  }

  /**
   * Deterministic pseudo-random payload (same generator as peer.mjs would not matter: we compare
   * echoes).
   */
  public static byte[] payload(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** Sends {@code data} in 1 MiB writes, closes, and collects the echo. */
  public static CompletableFuture<byte[]> roundTrip(P2PNetwork network, PeerId peer, byte[] data) {
    return network
        .openStream(peer, PROTOCOL_ID)
        .thenCompose(
            stream -> {
              CompletableFuture<byte[]> echoed = new CompletableFuture<>();
              ByteArrayOutputStream received = new ByteArrayOutputStream(data.length);
              stream.setListener(
                  new StreamListener() {
                    @Override
                    public void onData(byte[] chunk) {
                      received.writeBytes(chunk);
                    }

                    @Override
                    public void onRemoteClose() {
                      echoed.complete(received.toByteArray());
                    }

                    @Override
                    public void onReset(StreamResetException cause) {
                      echoed.completeExceptionally(cause);
                    }
                  });
              int chunk = 1 << 20;
              for (int off = 0; off < data.length; off += chunk) {
                stream.write(data, off, Math.min(chunk, data.length - off));
              }
              stream.closeWrite();
              return echoed;
            });
  }

  public static String sha256(byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
