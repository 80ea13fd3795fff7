package io.d2ora.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Noise SymmetricState (spec section 5.2) with SHA-256 and HKDF per RFC 5869 as Noise uses it. */
final class SymmetricState {
  /** Exactly 32 bytes, so h starts as the name itself, unhashed (Noise spec 5.2). */
  static final byte[] PROTOCOL_NAME =
      "Noise_XX_25519_ChaChaPoly_SHA256".getBytes(StandardCharsets.US_ASCII);

  private byte[] ck;
  private byte[] h;
  private CipherState cipher;

  SymmetricState() {
    h = PROTOCOL_NAME.clone();
    ck = h.clone();
  }

  void mixHash(byte[] data) {
    h = sha256(h, data);
  }

  void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm);
    ck = out[0];
    cipher = new CipherState(out[1]);
  }

  byte[] encryptAndHash(byte[] plaintext) {
    byte[] c = cipher == null ? plaintext : cipher.encrypt(h, plaintext);
    mixHash(c);
    return c;
  }

  byte[] decryptAndHash(byte[] ciphertext) {
    byte[] p = cipher == null ? ciphertext : cipher.decrypt(h, ciphertext);
    mixHash(ciphertext);
    return p;
  }

  boolean hasKey() {
    return cipher != null;
  }

  /** Split(): the initiator's sending and receiving cipher states, in that order. */
  CipherState[] split() {
    byte[][] out = hkdf(ck, new byte[0]);
    return new CipherState[] {new CipherState(out[0]), new CipherState(out[1])};
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
    byte[] temp = hmac(chainingKey, ikm);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] in2 = Arrays.copyOf(out1, 33);
    in2[32] = 2;
    byte[] out2 = hmac(temp, in2);
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK without HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] a, byte[] b) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(a);
      d.update(b);
      return d.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }
}
