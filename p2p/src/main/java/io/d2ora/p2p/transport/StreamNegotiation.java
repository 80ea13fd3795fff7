package io.d2ora.p2p.transport;

import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multistream.MultistreamNegotiator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/** multistream-select on one yamux stream, feeding it the stream's first bytes (event loop). */
final class StreamNegotiation {
  /** Bytes a peer may send before negotiation ends; a few proposals fit easily. */
  private static final int MAX_BUFFER = 64 * 1024;

  private final YamuxStream stream;
  private final MultistreamNegotiator negotiator;
  private final Consumer<String> onSelected;
  private final Consumer<P2PException> onFailed;
  private byte[] buffer = new byte[0];
  private boolean done;

  StreamNegotiation(
      YamuxStream stream,
      MultistreamNegotiator negotiator,
      Consumer<String> onSelected,
      Consumer<P2PException> onFailed) {
    this.stream = stream;
    this.negotiator = negotiator;
    this.onSelected = onSelected;
    this.onFailed = onFailed;
  }

  byte[] start() {
    return negotiator.start();
  }

  void onBytes(byte[] data) {
    if (done) {
      return;
    }
    if (buffer.length + data.length > MAX_BUFFER) {
      failAndReset(
          new ProtocolViolationException(
              "multistream negotiation exceeds " + MAX_BUFFER + " bytes"));
      return;
    }
    byte[] joined = Arrays.copyOf(buffer, buffer.length + data.length);
    System.arraycopy(data, 0, joined, buffer.length, data.length);
    ByteBuffer in = ByteBuffer.wrap(joined);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String selected;
    try {
      selected = negotiator.onBytes(in, out);
    } catch (P2PException e) {
      stream.writeInternal(out.toByteArray());
      failAndReset(e);
      return;
    }
    stream.writeInternal(out.toByteArray());
    byte[] rest = Arrays.copyOfRange(joined, in.position(), joined.length);
    if (selected == null) {
      buffer = rest;
      return;
    }
    done = true;
    stream.negotiated(selected, rest);
    onSelected.accept(selected);
  }

  /** Ends negotiation unsuccessfully; idempotent. */
  void fail(P2PException cause) {
    if (!done) {
      done = true;
      onFailed.accept(cause);
    }
  }

  boolean isDone() {
    return done;
  }

  private void failAndReset(P2PException cause) {
    fail(cause);
    stream.reset();
  }
}
