package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Loads accepted updates from the store and runs the aggregator over them in signer order. */
final class Aggregation {
  private Aggregation() {}

  /** An update named in a set to aggregate, before its bytes are loaded. */
  record Input(Address signer, ContentHash hash, long numSamples) {}

  /**
   * The verified updates for {@code inputs}, ascending by signer.
   *
   * @throws IllegalStateException if an accepted update's file vanished from the store
   */
  static List<VerifiedUpdate> load(ContentStore store, List<Input> inputs) {
    List<VerifiedUpdate> updates = new ArrayList<>(inputs.size());
    for (Input in : inputs.stream().sorted(Comparator.comparing(Input::signer)).toList()) {
      byte[] bytes =
          store
              .get(in.hash())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "accepted update " + in.hash() + " is missing from the store"));
      updates.add(new VerifiedUpdate(in.signer(), in.hash(), in.numSamples(), bytes));
    }
    return updates;
  }

  /** The inputs for signers in {@code accepted}, in signer order. */
  static List<Input> inputs(Map<Address, RoundRecord.Accepted> accepted) {
    return accepted.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new Input(e.getKey(), e.getValue().hash(), e.getValue().numSamples()))
        .toList();
  }

  static List<Address> signers(List<VerifiedUpdate> updates) {
    return updates.stream().map(VerifiedUpdate::signer).toList();
  }
}
