package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.Objects;

/**
 * A participant's objection to a round's finalization, as recorded on the ledger.
 *
 * @param disputer who filed it
 * @param claimedHash the aggregate hash the disputer computed
 * @param blockNumber block that holds it
 */
public record Dispute(Address disputer, ContentHash claimedHash, long blockNumber) {
  public Dispute {
    Objects.requireNonNull(disputer, "disputer");
    Objects.requireNonNull(claimedHash, "claimedHash");
  }
}
