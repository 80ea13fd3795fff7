package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * A signer's on-chain commitment to an update: what {@code verify} checks fetched bytes against,
 * with the block that recorded it and that block's timestamp.
 *
 * @param numSamples as the chain reports it ({@code uint64}); {@link #numSamplesExact()} is empty
 *     when it does not fit a {@code long}, which a node treats as a rule violation
 */
public record RegistryCommitment(
    long roundId,
    EthAddress signer,
    Hash32 updateHash,
    BigInteger numSamples,
    long blockNumber,
    Instant blockTime) {

  public OptionalLong numSamplesExact() {
    return Uint64.exact(numSamples);
  }
}
