package io.d2ora.p2p.pubsub;

/**
 * Reads peer ID bytes (a multihash) far enough for pubsub: an identity multihash (code 0x00) embeds
 * the public-key protobuf; a sha2-256 one (code 0x12) does not.
 *
 * <pre>
 * identity:  00 | uvarint length | public-key protobuf (length bytes)
 * sha2-256:  12 | 20 | 32-byte digest of the public-key protobuf
 * </pre>
 */
final class PeerIdBytes {
  private static final int IDENTITY = 0x00;
  private static final int MAX_INLINE_KEY = 42;

  private PeerIdBytes() {}

  /** The embedded public-key protobuf, or null when the ID is a hash (or malformed). */
  static byte[] embeddedPublicKey(byte[] peerId) {
    if (peerId.length < 2 || (peerId[0] & 0xff) != IDENTITY) {
      return null;
    }
    int length = peerId[1] & 0xff;
    if (length > MAX_INLINE_KEY || (length & 0x80) != 0 || peerId.length != 2 + length) {
      return null;
    }
    byte[] key = new byte[length];
    System.arraycopy(peerId, 2, key, 0, length);
    return key;
  }
}
