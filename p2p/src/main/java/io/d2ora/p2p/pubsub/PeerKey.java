package io.d2ora.p2p.pubsub;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A peer as the router sees it: the bytes of its peer ID (a multihash), the same bytes that travel
 * in {@code from} fields and peer exchange. Keeps the router free of transport types.
 */
record PeerKey(byte[] bytes) {

  PeerKey {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("peer key bytes must be non-empty");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerKey that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PeerKey[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
