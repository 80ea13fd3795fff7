package io.d2ora.p2p.pubsub;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of a pubsub message, used for de-duplication and IHAVE/IWANT gossip. Which bytes
 * form it is decided by a {@link MessageIdFunction}; all peers on a topic must agree.
 */
public record MessageId(byte[] bytes) {

  public MessageId {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("message id must be non-empty");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The id bytes without a defensive copy, for the codec (never mutated). */
  byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageId that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
