package io.d2ora.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An attester's EIP-712 signature (65 bytes r || s || v) over Attestation(roundId, aggregateHash,
 * includedSetHash), domain ("D2ORA", "1", chain id, registry): "I recomputed this aggregate from
 * this set". Anyone may submit it; two different ones by one attester for one round are slashable.
 */
public record SignedAttestation(
    long roundId,
    Hash32 aggregateHash,
    Hash32 includedSetHash,
    EthAddress attester,
    byte[] signature) {

  public SignedAttestation {
    Objects.requireNonNull(aggregateHash, "aggregateHash");
    Objects.requireNonNull(includedSetHash, "includedSetHash");
    Objects.requireNonNull(attester, "attester");
    if (roundId < 0) {
      throw new IllegalArgumentException("expected a round id >= 0, got " + roundId);
    }
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
    return o instanceof SignedAttestation s
        && roundId == s.roundId
        && aggregateHash.equals(s.aggregateHash)
        && includedSetHash.equals(s.includedSetHash)
        && attester.equals(s.attester)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(roundId, aggregateHash, includedSetHash, attester) * 31
        + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedAttestation[round=%d, aggregate=%s, included=%s, attester=%s, sig=0x%s]"
        .formatted(
            roundId, aggregateHash, includedSetHash, attester, HexFormat.of().formatHex(signature));
  }
}
