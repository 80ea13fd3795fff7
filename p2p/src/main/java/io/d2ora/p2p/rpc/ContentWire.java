package io.d2ora.p2p.rpc;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Varint;
import java.util.Arrays;

/**
 * Wire format of {@code /d2ora/update/1.0.0}; each side half-closes after its message:
 *
 * <pre>
 * request:  | uvarint n (1..64) | hash (n bytes) |
 * response: | status (1 byte) | if status = OK: uvarint size | size bytes of content |
 * status:   0 OK, 1 NOT_FOUND, 2 BUSY, 3 BAD_REQUEST
 * </pre>
 */
final class ContentWire {
  static final int MAX_HASH_BYTES = 64;
  static final int OK = 0;
  static final int NOT_FOUND = 1;
  static final int BUSY = 2;
  static final int BAD_REQUEST = 3;

  private ContentWire() {}

  static byte[] responseHeader(int status, long size) {
    if (status != OK) {
      return new byte[] {(byte) status};
    }
    byte[] out = new byte[1 + Varint.size(size)];
    Varint.write(size, out, 1);
    return out;
  }

  /**
   * Incremental response decoder: feed chunks; the content buffer starts small and doubles as bytes
   * arrive (up to the declared size), so a peer that declares much and sends little costs little.
   */
  static final class ResponseReader {
    static final int INITIAL_CAPACITY = 64 * 1024;

    private final int protocolLimit;
    private final int callerLimit;
    private final byte[] head = new byte[1 + Varint.MAX_BYTES];
    private int headLength;
    private int status = -1;
    private int declared = -1;
    private byte[] content;
    private int filled;

    /**
     * @param protocolLimit a declared size above it is a protocol violation
     * @param callerLimit a declared size above it (but within the protocol's) is refused
     */
    ResponseReader(int protocolLimit, int callerLimit) {
      this.protocolLimit = protocolLimit;
      this.callerLimit = callerLimit;
    }

    /**
     * @throws ProtocolViolationException on malformed responses or a size above the protocol limit
     * @throws ContentUnavailableException on a size above the caller's limit
     */
    void feed(byte[] chunk) {
      int pos = 0;
      while (pos < chunk.length) {
        if (declared < 0) {
          if (status >= 0 && status != OK) {
            throw new ProtocolViolationException(
                "content response carries data after status " + status);
          }
          head[headLength++] = chunk[pos++];
          parseHead();
        } else {
          int n = Math.min(chunk.length - pos, declared - filled);
          if (n == 0) {
            throw new ProtocolViolationException("content response longer than its declared size");
          }
          ensureCapacity(filled + n);
          System.arraycopy(chunk, pos, content, filled, n);
          filled += n;
          pos += n;
        }
      }
    }

    private void parseHead() {
      if (status < 0) {
        status = head[0] & 0xFF;
        if (status > BAD_REQUEST) {
          throw new ProtocolViolationException("unknown content response status " + status);
        }
        return;
      }
      Varint.Partial size = Varint.peek(head, 1, headLength - 1);
      if (size == null) {
        return;
      }
      if (size.value() > protocolLimit) {
        throw new ProtocolViolationException(
            "content of " + size.value() + " bytes exceeds the limit of " + protocolLimit);
      }
      if (size.value() > callerLimit) {
        throw new ContentUnavailableException(
            "offers " + size.value() + " bytes, more than the " + callerLimit + " accepted");
      }
      declared = (int) size.value();
      content = new byte[Math.min(declared, INITIAL_CAPACITY)];
    }

    private void ensureCapacity(int needed) {
      if (needed > content.length) {
        long doubled = Math.max(needed, 2L * content.length);
        content = Arrays.copyOf(content, (int) Math.min(declared, doubled));
      }
    }

    /** -1 until the status byte arrived. */
    int status() {
      return status;
    }

    /** Bytes allocated for the content so far. */
    int capacity() {
      return content == null ? 0 : content.length;
    }

    /** The content once every declared byte arrived, else {@code null}. */
    byte[] complete() {
      if (status == OK && declared >= 0 && filled == declared) {
        return content;
      }
      return null;
    }
  }
}
