package io.d2ora.p2p.rpc;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Varint;

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
   * Incremental response decoder: feed chunks, it fills the content array it allocates once the
   * (limit-checked) size is known.
   */
  static final class ResponseReader {
    private final int maxContentBytes;
    private final byte[] head = new byte[1 + Varint.MAX_BYTES];
    private int headLength;
    private int status = -1;
    private byte[] content;
    private int filled;

    ResponseReader(int maxContentBytes) {
      this.maxContentBytes = maxContentBytes;
    }

    void feed(byte[] chunk) {
      int pos = 0;
      while (pos < chunk.length) {
        if (content == null) {
          if (status >= 0 && status != OK) {
            throw new ProtocolViolationException(
                "content response carries data after status " + status);
          }
          head[headLength++] = chunk[pos++];
          parseHead();
        } else {
          int n = Math.min(chunk.length - pos, content.length - filled);
          if (n == 0) {
            throw new ProtocolViolationException("content response longer than its declared size");
          }
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
      if (size.value() > maxContentBytes) {
        throw new ProtocolViolationException(
            "content of " + size.value() + " bytes exceeds the limit of " + maxContentBytes);
      }
      content = new byte[(int) size.value()];
    }

    /** -1 until the status byte arrived. */
    int status() {
      return status;
    }

    /** The content once every declared byte arrived, else {@code null}. */
    byte[] complete() {
      if (status == OK && content != null && filled == content.length) {
        return content;
      }
      return null;
    }
  }
}
