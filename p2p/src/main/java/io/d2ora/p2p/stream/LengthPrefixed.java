package io.d2ora.p2p.stream;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * uvarint-length-prefixed messages, the framing of identify, pubsub RPCs and most libp2p protocols:
 *
 * <pre>
 * | uvarint n | n bytes | uvarint n | n bytes | ...
 * </pre>
 *
 * A reader instance reassembles messages from arbitrarily split chunks. Not thread-safe (use it
 * from the stream's listener).
 */
public final class LengthPrefixed {
  private final int maxMessageBytes;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  /**
   * @param maxMessageBytes largest message accepted; checked before the message is buffered
   */
  public LengthPrefixed(int maxMessageBytes) {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be > 0, got " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /** {@code message} with its length prefix. */
  public static byte[] frame(byte[] message) {
    byte[] out = new byte[Varint.size(message.length) + message.length];
    int n = Varint.write(message.length, out, 0);
    System.arraycopy(message, 0, out, n, message.length);
    return out;
  }

  /**
   * Adds received bytes and returns the messages completed by them (possibly none).
   *
   * @throws ProtocolViolationException if a length prefix is malformed or exceeds the limit
   */
  public List<byte[]> feed(byte[] chunk) {
    partial.writeBytes(chunk);
    byte[] buf = partial.toByteArray();
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < buf.length) {
      Varint.Partial len = Varint.peek(buf, pos, buf.length - pos);
      if (len == null) {
        break;
      }
      if (len.value() > maxMessageBytes) {
        throw new ProtocolViolationException(
            "message of " + len.value() + " bytes exceeds the limit of " + maxMessageBytes);
      }
      int n = (int) len.value();
      if (buf.length - pos - len.bytes() < n) {
        break;
      }
      byte[] msg = new byte[n];
      System.arraycopy(buf, pos + len.bytes(), msg, 0, n);
      out.add(msg);
      pos += len.bytes() + n;
    }
    partial.reset();
    partial.write(buf, pos, buf.length - pos);
    return out;
  }

  /** Bytes received but not yet part of a complete message. */
  public int pendingBytes() {
    return partial.size();
  }
}
