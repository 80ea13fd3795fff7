package io.d2ora.core.round;

import io.d2ora.core.store.ContentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A round's accepted updates loaded from the store in signer order, ready for the {@link
 * UpdateAggregator}. (The aggregation itself is {@code io.d2ora.core.aggregate}'s.)
 */
final class AcceptedUpdates {
  private AcceptedUpdates() {}

  /**
   * The verified updates of the signers in {@code accepted}, ascending by signer; each keeps the
   * hash it was accepted under, so nothing downstream needs to hash the bytes again.
   *
   * @throws IllegalStateException if an accepted update's file vanished from the store
   */
  static List<VerifiedUpdate> load(
      ContentStore store, Map<Address, RoundRecord.Accepted> accepted) {
    List<VerifiedUpdate> updates = new ArrayList<>(accepted.size());
    for (var e : accepted.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      RoundRecord.Accepted a = e.getValue();
      byte[] bytes =
          store
              .get(a.hash())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "accepted update " + a.hash() + " is missing from the store"));
      updates.add(new VerifiedUpdate(e.getKey(), a.hash(), a.numSamples(), bytes));
    }
    return updates;
  }

  static List<Address> signers(List<VerifiedUpdate> updates) {
    return updates.stream().map(VerifiedUpdate::signer).toList();
  }
}
