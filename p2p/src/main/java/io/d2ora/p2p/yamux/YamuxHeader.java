package io.d2ora.p2p.yamux;

import io.d2ora.p2p.ProtocolViolationException;

/**
 * The 12-byte yamux frame header (all fields big-endian):
 *
 * <pre>
 * | version (1) = 0 | type (1) | flags (2) | stream id (4) | length (4) |
 * type:  0 Data (length = payload bytes that follow)   1 WindowUpdate (length = window delta)
 *        2 Ping (length = opaque value)                3 GoAway (length = error code)
 * flags: 1 SYN, 2 ACK, 4 FIN, 8 RST (on Data and WindowUpdate; SYN/ACK on Ping)
 * </pre>
 *
 * @param type frame type, 0..3
 * @param flags bit set of SYN/ACK/FIN/RST
 * @param streamId stream, 0 for the session (Ping, GoAway)
 * @param length unsigned 32-bit value held in a long
 */
public record YamuxHeader(int type, int flags, int streamId, long length) {
  public static final int SIZE = 12;

  public static final int TYPE_DATA = 0;
  public static final int TYPE_WINDOW_UPDATE = 1;
  public static final int TYPE_PING = 2;
  public static final int TYPE_GO_AWAY = 3;

  public static final int FLAG_SYN = 1;
  public static final int FLAG_ACK = 2;
  public static final int FLAG_FIN = 4;
  public static final int FLAG_RST = 8;

  public static final int GO_AWAY_NORMAL = 0;
  public static final int GO_AWAY_PROTOCOL_ERROR = 1;
  public static final int GO_AWAY_INTERNAL_ERROR = 2;

  /** The spec's initial window of every stream, in both directions. */
  public static final int INITIAL_WINDOW = 256 * 1024;

  public YamuxHeader {
    if (type < 0 || type > 3) {
      throw new IllegalArgumentException("yamux type must be 0..3, got " + type);
    }
    if (length < 0 || length > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("yamux length must be a uint32, got " + length);
    }
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  public void encode(byte[] out, int offset) {
    out[offset] = 0;
    out[offset + 1] = (byte) type;
    out[offset + 2] = (byte) (flags >>> 8);
    out[offset + 3] = (byte) flags;
    putInt(out, offset + 4, streamId);
    putInt(out, offset + 8, (int) length);
  }

  public byte[] encode() {
    byte[] out = new byte[SIZE];
    encode(out, 0);
    return out;
  }

  /**
   * Decodes the header at {@code offset} (12 bytes must be available).
   *
   * @throws ProtocolViolationException for an unknown version or type
   */
  public static YamuxHeader decode(byte[] in, int offset) {
    if (in[offset] != 0) {
      throw new ProtocolViolationException("yamux version " + (in[offset] & 0xFF) + ", expected 0");
    }
    int type = in[offset + 1] & 0xFF;
    if (type > 3) {
      throw new ProtocolViolationException("unknown yamux frame type " + type);
    }
    int flags = ((in[offset + 2] & 0xFF) << 8) | (in[offset + 3] & 0xFF);
    int stream = getInt(in, offset + 4);
    long length = getInt(in, offset + 8) & 0xFFFF_FFFFL;
    return new YamuxHeader(type, flags, stream, length);
  }

  private static void putInt(byte[] out, int offset, int v) {
    out[offset] = (byte) (v >>> 24);
    out[offset + 1] = (byte) (v >>> 16);
    out[offset + 2] = (byte) (v >>> 8);
    out[offset + 3] = (byte) v;
  }

  private static int getInt(byte[] in, int offset) {
    return ((in[offset] & 0xFF) << 24)
        | ((in[offset + 1] & 0xFF) << 16)
        | ((in[offset + 2] & 0xFF) << 8)
        | (in[offset + 3] & 0xFF);
  }
}
