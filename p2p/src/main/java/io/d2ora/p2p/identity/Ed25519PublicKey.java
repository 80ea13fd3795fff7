package io.d2ora.p2p.identity;

import io.d2ora.p2p.ProtocolViolationException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (RFC 8032), 32 bytes. */
public final class Ed25519PublicKey implements PublicKey {
  private final byte[] key;

  Ed25519PublicKey(byte[] key) {
    if (key.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new ProtocolViolationException(
          "Ed25519 public key must be 32 bytes, got " + key.length);
    }
    this.key = key.clone();
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public byte[] raw() {
    return key.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, key, 0, data, 0, data.length);
    } catch (RuntimeException e) {
      return false; // an invalid point encoding is just an invalid signature
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(k.key, key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + peerId() + "]";
  }
}
