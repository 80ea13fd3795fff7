package io.d2ora.p2p.identity;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 private key held as its 32-byte seed (RFC 8032 section 5.1.5). */
public final class Ed25519PrivateKey implements PrivateKey {
  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  Ed25519PrivateKey(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
    }
    this.seed = seed.clone();
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(this.seed, 0, pub, 0);
    this.publicKey = new Ed25519PublicKey(pub);
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, data, 0, data.length, sig, 0);
    return sig;
  }

  @Override
  public byte[] raw() {
    return seed.clone();
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey[" + peerId() + "]";
  }
}
