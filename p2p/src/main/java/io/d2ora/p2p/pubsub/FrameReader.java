package io.d2ora.p2p.pubsub;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pubsub stream into RPC frames: each frame is an unsigned varint length followed by that
 * many bytes (libp2p pubsub spec). The length is checked against {@code maxFrameBytes} before any
 * allocation; a longer varint than 5 bytes or an oversized length throws {@link
 * InvalidRpcException}. Not thread-safe: one per inbound stream.
 *
 * <pre>
 * | uvarint n (1..5 bytes, n <= maxFrameBytes) | n bytes: protobuf RPC | uvarint n | ...
 * </pre>
 */
final class FrameReader {
  private static final int MAX_VARINT_BYTES = 5;

  private final int maxFrameBytes;
  private long length;
  private int varintBytes;
  private byte[] frame;
  private int filled;

  FrameReader(int maxFrameBytes) {
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException("maxFrameBytes must be > 0, got " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Feeds received bytes; returns the frames they completed, in order. */
  List<byte[]> feed(byte[] data) {
    List<byte[]> frames = new ArrayList<>();
    int i = 0;
    while (i < data.length) {
      if (frame == null) {
        i = readLength(data, i, frames);
      } else {
        int n = Math.min(frame.length - filled, data.length - i);
        System.arraycopy(data, i, frame, filled, n);
        filled += n;
        i += n;
        if (filled == frame.length) {
          frames.add(frame);
          frame = null;
        }
      }
    }
    return frames;
  }

  private int readLength(byte[] data, int i, List<byte[]> frames) {
    int b = data[i++] & 0xff;
    length |= (long) (b & 0x7f) << (7 * varintBytes);
    varintBytes++;
    if ((b & 0x80) != 0) {
      if (varintBytes == MAX_VARINT_BYTES) {
        throw new InvalidRpcException("frame length varint longer than 5 bytes");
      }
      return i;
    }
    if (length > maxFrameBytes) {
      throw new InvalidRpcException(
          "RPC frame of %d bytes exceeds the limit of %d".formatted(length, maxFrameBytes));
    }
    int size = (int) length;
    length = 0;
    varintBytes = 0;
    if (size == 0) {
      frames.add(new byte[0]);
    } else {
      frame = new byte[size];
      filled = 0;
    }
    return i;
  }

  /** Prefixes an encoded RPC with its varint length. */
  static byte[] frame(byte[] rpc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rpc.length + MAX_VARINT_BYTES);
    long n = rpc.length;
    while ((n & ~0x7fL) != 0) {
      out.write((int) ((n & 0x7f) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    out.writeBytes(rpc);
    return out.toByteArray();
  }
}
