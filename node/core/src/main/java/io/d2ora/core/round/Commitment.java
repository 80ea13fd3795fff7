package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.Objects;

/**
 * An update hash committed on the ledger. The ledger reports only commitments whose signature it
 * verified (the registry contract checks the EIP-712 signature before storing), so {@code signer}
 * is authenticated.
 *
 * @param signer who signed the commitment
 * @param updateHash hash of the update file
 * @param numSamples training samples the signer claims (weights the aggregation)
 * @param blockNumber block that holds the commitment
 * @param blockTimestamp that block's timestamp, epoch seconds
 * @param onTime whether the ledger deems it within the commit deadline
 */
public record Commitment(
    Address signer,
    ContentHash updateHash,
    long numSamples,
    long blockNumber,
    long blockTimestamp,
    boolean onTime) {

  public Commitment {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(updateHash, "updateHash");
    if (numSamples < 0 || blockNumber < 0) {
      throw new IllegalArgumentException(
          "numSamples and blockNumber must be >= 0, got " + numSamples + ", " + blockNumber);
    }
  }
}
