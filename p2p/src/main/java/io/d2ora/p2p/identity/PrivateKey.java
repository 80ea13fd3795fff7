package io.d2ora.p2p.identity;

import java.security.SecureRandom;

/** A node's private identity key. Implementations are immutable and thread-safe. */
public sealed interface PrivateKey permits Ed25519PrivateKey, Secp256k1PrivateKey {
  KeyType type();

  PublicKey publicKey();

  /** Signs {@code data}: Ed25519 (RFC 8032) or secp256k1 ECDSA-SHA256 as DER with low S. */
  byte[] sign(byte[] data);

  /** The raw secret: the 32-byte Ed25519 seed or the 32-byte secp256k1 scalar. A copy. */
  byte[] raw();

  /** The libp2p {@code PrivateKey} protobuf (Ed25519 data is seed || public key, 64 bytes). */
  default byte[] toProtobuf() {
    return KeyProtobufCodec.encodePrivate(this);
  }

  default PeerId peerId() {
    return publicKey().peerId();
  }

  static PrivateKey generate(KeyType type) {
    byte[] secret = new byte[32];
    SecureRandom random = new SecureRandom();
    return switch (type) {
      case ED25519 -> {
        random.nextBytes(secret);
        yield new Ed25519PrivateKey(secret);
      }
      case SECP256K1 -> Secp256k1PrivateKey.generate(random);
    };
  }

  static PrivateKey generateEd25519() {
    return generate(KeyType.ED25519);
  }

  static PrivateKey ed25519FromSeed(byte[] seed) {
    return new Ed25519PrivateKey(seed);
  }

  /**
   * @param scalar 32-byte big-endian private scalar in [1, n-1]
   */
  static PrivateKey secp256k1(byte[] scalar) {
    return new Secp256k1PrivateKey(scalar);
  }

  /**
   * Decodes a libp2p {@code PrivateKey} protobuf.
   *
   * @throws io.d2ora.p2p.ProtocolViolationException if malformed or of an unsupported type
   */
  static PrivateKey fromProtobuf(byte[] protobuf) {
    return KeyProtobufCodec.decodePrivate(protobuf);
  }
}
