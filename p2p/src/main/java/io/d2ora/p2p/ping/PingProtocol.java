package io.d2ora.p2p.ping;

import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.StreamListener;
import io.d2ora.p2p.StreamResetException;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /ipfs/ping/1.0.0}: the dialer sends 32 random bytes, the listener echoes them; the
 * round-trip time is the measurement. The listener echoes for as long as the stream stays open.
 */
public final class PingProtocol {
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
  public static final int PAYLOAD_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PingProtocol() {}

  /** Serves a ping stream: echo everything, close when the dialer closes. */
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

  /** Sends one ping on a freshly negotiated stream and closes it. */
  public static CompletableFuture<Duration> ping(P2PStream stream) {
    byte[] payload = new byte[PAYLOAD_BYTES];
    RANDOM.nextBytes(payload);
    CompletableFuture<Duration> result = new CompletableFuture<>();
    ByteArrayOutputStream echo = new ByteArrayOutputStream();
    long[] start = new long[1];
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            echo.writeBytes(data);
            if (echo.size() < PAYLOAD_BYTES || result.isDone()) {
              return;
            }
            long rtt = System.nanoTime() - start[0];
            if (echo.size() > PAYLOAD_BYTES || !Arrays.equals(echo.toByteArray(), payload)) {
              result.completeExceptionally(new ProtocolViolationException("ping echo differs"));
              stream.reset();
            } else {
              result.complete(Duration.ofNanos(rtt));
              stream.closeWrite();
            }
          }

          @Override
          public void onRemoteClose() {
            result.completeExceptionally(
                new StreamResetException("ping stream closed before the echo"));
          }

          @Override
          public void onReset(StreamResetException cause) {
            result.completeExceptionally(cause);
          }
        });
    start[0] = System.nanoTime();
    stream.write(payload);
    return result;
  }
}
