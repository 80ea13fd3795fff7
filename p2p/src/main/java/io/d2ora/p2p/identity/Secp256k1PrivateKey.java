package io.d2ora.p2p.identity;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/** A secp256k1 private scalar; signs deterministically (RFC 6979) and always emits low S. */
public final class Secp256k1PrivateKey implements PrivateKey {
  private final BigInteger d;
  private final Secp256k1PublicKey publicKey;

  Secp256k1PrivateKey(byte[] scalar) {
    if (scalar.length != 32) {
      throw new IllegalArgumentException("secp256k1 scalar must be 32 bytes, got " + scalar.length);
    }
    BigInteger value = new BigInteger(1, scalar);
    if (value.signum() == 0 || value.compareTo(Secp256k1.DOMAIN.getN()) >= 0) {
      throw new IllegalArgumentException("secp256k1 scalar out of range [1, n-1]");
    }
    this.d = value;
    this.publicKey = new Secp256k1PublicKey(Secp256k1.DOMAIN.getG().multiply(d));
  }

  static Secp256k1PrivateKey generate(SecureRandom random) {
    BigInteger n = Secp256k1.DOMAIN.getN();
    BigInteger d;
    do {
      d = BigIntegers.createRandomBigInteger(256, random);
    } while (d.signum() == 0 || d.compareTo(n) >= 0);
    return new Secp256k1PrivateKey(BigIntegers.asUnsignedByteArray(32, d));
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, Secp256k1.DOMAIN));
    BigInteger[] rs = signer.generateSignature(Secp256k1.sha256(data));
    BigInteger s = rs[1];
    if (s.compareTo(Secp256k1.HALF_N) > 0) {
      s = Secp256k1.DOMAIN.getN().subtract(s); // low-S: the other valid s, as Bitcoin/libp2p expect
    }
    return Secp256k1.encodeDer(rs[0], s);
  }

  @Override
  public byte[] raw() {
    return BigIntegers.asUnsignedByteArray(32, d);
  }

  @Override
  public String toString() {
    return "Secp256k1PrivateKey[" + peerId() + "]";
  }
}
