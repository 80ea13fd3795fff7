package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Objects;

/**
 * How a round was finalized on the ledger.
 *
 * @param aggregateHash hash of the aggregate file
 * @param included signers whose updates the aggregate includes, in ascending address order
 * @param finalizer who sent the finalization
 * @param blockNumber block that holds it
 * @param blockTimestamp that block's timestamp, epoch seconds
 */
public record Finalization(
    ContentHash aggregateHash,
    List<Address> included,
    Address finalizer,
    long blockNumber,
    long blockTimestamp) {

  public Finalization {
    Objects.requireNonNull(aggregateHash, "aggregateHash");
    Objects.requireNonNull(finalizer, "finalizer");
    included = List.copyOf(included).stream().sorted().toList();
  }
}
