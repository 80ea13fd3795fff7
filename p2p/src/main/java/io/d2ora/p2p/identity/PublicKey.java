package io.d2ora.p2p.identity;

/** A peer's public key. Implementations are immutable and thread-safe. */
public sealed interface PublicKey permits Ed25519PublicKey, Secp256k1PublicKey {
  KeyType type();

  /** The raw key bytes: 32 for Ed25519, 33 (compressed point) for secp256k1. A copy. */
  byte[] raw();

  /** Whether {@code signature} is a valid signature of {@code data}; never throws on bad input. */
  boolean verify(byte[] data, byte[] signature);

  /** The deterministic libp2p {@code PublicKey} protobuf. */
  default byte[] toProtobuf() {
    return KeyProtobufCodec.encodePublic(this);
  }

  default PeerId peerId() {
    return PeerId.fromPublicKey(this);
  }

  /**
   * Decodes a libp2p {@code PublicKey} protobuf.
   *
   * @throws io.d2ora.p2p.ProtocolViolationException if malformed or of an unsupported type
   */
  static PublicKey fromProtobuf(byte[] protobuf) {
    return KeyProtobufCodec.decodePublic(protobuf);
  }
}
