package io.d2ora.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signer's EIP-712 signature (65 bytes r || s || v) over Update(roundId, updateHash, numSamples,
 * baseModelHash), domain ("D2ORA", "1", chain id, registry). Anyone may submit it.
 */
public record SignedUpdate(
    long roundId,
    Hash32 updateHash,
    long numSamples,
    Hash32 baseModelHash,
    EthAddress signer,
    byte[] signature) {

  public SignedUpdate {
    Objects.requireNonNull(updateHash, "updateHash");
    Objects.requireNonNull(baseModelHash, "baseModelHash");
    Objects.requireNonNull(signer, "signer");
    if (signature.length != 65) {
      throw new IllegalArgumentException("expected a 65-byte signature, got " + signature.length);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedUpdate s
        && roundId == s.roundId
        && numSamples == s.numSamples
        && updateHash.equals(s.updateHash)
        && baseModelHash.equals(s.baseModelHash)
        && signer.equals(s.signer)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(roundId, updateHash, numSamples, signer) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedUpdate[round=%d, hash=%s, samples=%d, signer=%s, sig=0x%s]"
        .formatted(roundId, updateHash, numSamples, signer, HexFormat.of().formatHex(signature));
  }
}
