package io.d2ora.core.store;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * keccak-256 with the original Keccak padding (0x01), as Ethereum defines it (Yellow Paper,
 * appendix F); NIST SHA3-256 pads with 0x06 and gives different digests.
 */
final class Keccak256 implements HashFunction {
  static final Keccak256 INSTANCE = new Keccak256();

  private Keccak256() {}

  @Override
  public ContentHash hash(byte[] data) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, 0, data.length);
    byte[] out = new byte[ContentHash.LENGTH];
    digest.doFinal(out, 0);
    return ContentHash.of(out);
  }
}
