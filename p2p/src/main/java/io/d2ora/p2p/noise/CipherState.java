package io.d2ora.p2p.noise;

import io.d2ora.p2p.ProtocolViolationException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState for ChaChaPoly (Noise spec section 5.1): a 32-byte key and a 64-bit nonce
 * counter. Nonce layout: 4 zero bytes || counter as 8 little-endian bytes. Not thread-safe: one
 * instance per direction, used from one thread at a time.
 */
public final class CipherState {
  /** Poly1305 tag size. */
  public static final int TAG_BYTES = 16;

  /** Noise reserves 2^64-1; we stop well before a wrap of the signed counter. */
  private static final long MAX_NONCE = Long.MAX_VALUE;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  CipherState(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK without ChaCha20-Poly1305", e);
    }
  }

  /**
   * Encrypts {@code in[inOff, inOff+len)} into {@code out} at {@code outOff} (len + 16 bytes).
   *
   * @return the ciphertext length
   */
  public int encrypt(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    init(Cipher.ENCRYPT_MODE);
    try {
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates {@code in[inOff, inOff+len)} into {@code out} (len - 16 bytes).
   *
   * @throws ProtocolViolationException if the tag does not verify or the input is shorter than it
   */
  public int decrypt(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    if (len < TAG_BYTES) {
      throw new ProtocolViolationException("noise ciphertext of " + len + " bytes lacks its tag");
    }
    init(Cipher.DECRYPT_MODE);
    try {
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (AEADBadTagException e) {
      throw new ProtocolViolationException("noise message failed authentication", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  byte[] encrypt(byte[] ad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_BYTES];
    encrypt(ad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  byte[] decrypt(byte[] ad, byte[] ciphertext) {
    byte[] out = new byte[Math.max(0, ciphertext.length - TAG_BYTES)];
    decrypt(ad, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  private void init(int mode) {
    if (nonce == MAX_NONCE) {
      throw new ProtocolViolationException("noise nonce exhausted: the session must be rekeyed");
    }
    long n = nonce++;
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
    try {
      cipher.init(mode, key, new IvParameterSpec(nonceBytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 init failed", e);
    }
  }
}
