package io.d2ora.p2p.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** secp256k1 curve constants and the DER signature codec (shared by the key classes). */
final class Secp256k1 {
  static final ECDomainParameters DOMAIN;
  static final BigInteger HALF_N;

  /** A DER ECDSA signature over a 256-bit curve is at most 72 bytes. */
  static final int MAX_SIGNATURE_BYTES = 72;

  static {
    X9ECParameters p = CustomNamedCurves.getByName("secp256k1");
    DOMAIN = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
    HALF_N = p.getN().shiftRight(1);
  }

  private Secp256k1() {}

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  static byte[] encodeDer(BigInteger r, BigInteger s) {
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding to memory failed", e);
    }
  }

  /** Returns {r, s}, or {@code null} if {@code der} is not a DER sequence of two integers. */
  static BigInteger[] decodeDer(byte[] der) {
    if (der.length < 8 || der.length > MAX_SIGNATURE_BYTES) {
      return null;
    }
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
      if (seq.size() != 2) {
        return null;
      }
      BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
      return new BigInteger[] {r, s};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
