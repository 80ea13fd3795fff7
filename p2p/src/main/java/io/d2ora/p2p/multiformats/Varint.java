package io.d2ora.p2p.multiformats;

import io.d2ora.p2p.ProtocolViolationException;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints as the multiformats spec restricts them
 * (https://github.com/multiformats/unsigned-varint): at most 9 bytes (63 bits), minimally encoded.
 *
 * <pre>
 * byte:  | 1 bit "more follows" | 7 bits payload, least significant group first |
 * 1      -> 01        127 -> 7f        128 -> 80 01        300 -> ac 02
 * </pre>
 */
public final class Varint {
  /** The spec's ceiling: 9 bytes, 63 bits of payload. */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  /** Number of bytes {@link #encode(long)} produces for {@code value}. */
  public static int size(long value) {
    checkNonNegative(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  public static byte[] encode(long value) {
    byte[] out = new byte[size(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
  public static int write(long value, byte[] out, int offset) {
    checkNonNegative(value);
    int i = offset;
    while ((value & ~0x7FL) != 0) {
      out[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[i++] = (byte) value;
    return i - offset;
  }

  public static void write(long value, ByteBuffer out) {
    checkNonNegative(value);
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /**
   * Reads a varint from {@code in}, advancing its position.
   *
   * @throws ProtocolViolationException if the buffer ends mid-varint, the varint is longer than 9
   *     bytes or not minimally encoded
   */
  public static long read(ByteBuffer in) {
    long result = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (!in.hasRemaining()) {
        throw new ProtocolViolationException("truncated varint after " + i + " bytes");
      }
      int b = in.get() & 0xFF;
      result |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new ProtocolViolationException("varint not minimally encoded");
        }
        return result;
      }
    }
    throw new ProtocolViolationException("varint longer than " + MAX_BYTES + " bytes");
  }

  /**
   * Reads a varint that must fit in an int no larger than {@code max}; for length prefixes, checked
   * before anything is allocated.
   */
  public static int readLength(ByteBuffer in, int max) {
    long v = read(in);
    if (v > max) {
      throw new ProtocolViolationException("length " + v + " exceeds the limit of " + max);
    }
    return (int) v;
  }

  /**
   * Tries to decode a varint from {@code buf[offset, offset+length)} without consuming it.
   *
   * @return the value and its size, or {@code null} when more bytes are needed
   * @throws ProtocolViolationException if the bytes can never form a valid varint
   */
  public static Partial peek(byte[] buf, int offset, int length) {
    long result = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (i >= length) {
        return null;
      }
      int b = buf[offset + i] & 0xFF;
      result |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new ProtocolViolationException("varint not minimally encoded");
        }
        return new Partial(result, i + 1);
      }
    }
    throw new ProtocolViolationException("varint longer than " + MAX_BYTES + " bytes");
  }

  /** A decoded varint and how many bytes it occupied. */
  public record Partial(long value, int bytes) {}

  private static void checkNonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be >= 0, got " + value);
    }
  }
}
