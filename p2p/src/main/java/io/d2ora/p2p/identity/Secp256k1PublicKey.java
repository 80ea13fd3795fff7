package io.d2ora.p2p.identity;

import io.d2ora.p2p.ProtocolViolationException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** A secp256k1 public key, held in SEC1 compressed form (33 bytes) as libp2p requires. */
public final class Secp256k1PublicKey implements PublicKey {
  private final byte[] compressed;
  private final ECPoint point;

  Secp256k1PublicKey(byte[] compressed) {
    if (compressed.length != 33 || (compressed[0] != 2 && compressed[0] != 3)) {
      throw new ProtocolViolationException(
          "secp256k1 public key must be 33 bytes compressed, got " + compressed.length);
    }
    try {
      this.point = Secp256k1.DOMAIN.getCurve().decodePoint(compressed).normalize();
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolationException("secp256k1 public key is not on the curve", e);
    }
    this.compressed = compressed.clone();
  }

  Secp256k1PublicKey(ECPoint point) {
    this.point = point.normalize();
    this.compressed = this.point.getEncoded(true);
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public byte[] raw() {
    return compressed.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    BigInteger[] rs = Secp256k1.decodeDer(signature);
    if (rs == null) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(point, Secp256k1.DOMAIN));
    try {
      return verifier.verifySignature(Secp256k1.sha256(data), rs[0], rs[1]);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PublicKey k && Arrays.equals(k.compressed, compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return "Secp256k1PublicKey[" + peerId() + "]";
  }
}
