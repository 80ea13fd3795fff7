package io.d2ora.core.store;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * keccak-256 with the original Keccak padding (0x01), as Ethereum defines it (Yellow Paper,
 * appendix F), so Solidity's {@code keccak256} and {@code ethers.keccak256} give the same digest;
 * NIST SHA3-256 pads with 0x06 and gives different digests. The one keccak implementation in core:
 * {@link ContentHash#keccak256(byte[])} for bytes in memory, an instance for input fed in pieces
 * (e.g. a base model's canonical encoding, too large to assemble in one array).
 *
 * <p>An instance is single-use and not thread-safe.
 */
public final class Keccak256 {
  private final KeccakDigest digest = new KeccakDigest(256);
  private boolean done;

  /** Feeds all of {@code data}. */
  public Keccak256 update(byte[] data) {
    return update(data, 0, data.length);
  }

  /** Feeds {@code length} bytes of {@code data} from {@code offset}. */
  public Keccak256 update(byte[] data, int offset, int length) {
    requireOpen();
    digest.update(data, offset, length);
    return this;
  }

  /** The digest of everything fed; the instance cannot be fed again. */
  public ContentHash digest() {
    requireOpen();
    done = true;
    byte[] out = new byte[ContentHash.LENGTH];
    digest.doFinal(out, 0);
    return ContentHash.of(out);
  }

  private void requireOpen() {
    if (done) {
      throw new IllegalStateException("this keccak-256 digest is already complete");
    }
  }
}
