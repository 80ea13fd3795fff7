package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which adapter a round started from, as each local update names it: metadata {@value #KEY} = the
 * keccak-256 (0x hex) of the adapter file the peer trained from (the previous round's aggregate),
 * or {@value #NONE} for a fresh start. The chain does not record a round's start, so the strategies
 * that step from it ({@link AggregationStrategy#stepsFromStart()}) take the start most of the
 * round's updates name, and nodes and verifiers load that file (it carries the server state, see
 * {@link ServerState}).
 */
public final class RoundStart {
  public static final String KEY = "d2ora.start";
  public static final String NONE = "none";

  private RoundStart() {}

  /** {@code update} naming {@code start} (empty: a fresh start). */
  public static AdapterUpdate naming(AdapterUpdate update, Optional<ContentHash> start) {
    TreeMap<String, String> metadata = new TreeMap<>(update.metadata());
    metadata.put(KEY, start.map(ContentHash::hex).orElse(NONE));
    return new AdapterUpdate(update.tensors(), metadata);
  }

  /**
   * The start an update names.
   *
   * @throws MalformedUpdateException when it names none or not a hash
   */
  public static Optional<ContentHash> named(AdapterUpdate update) {
    String value = update.metadata().get(KEY);
    if (value == null) {
      throw new MalformedUpdateException(
          "metadata lacks " + KEY + " (the adapter it started from)");
    }
    if (value.equals(NONE)) {
      return Optional.empty();
    }
    if (!value.matches("0x[0-9a-f]{64}")) {
      throw new MalformedUpdateException(
          KEY + " must be " + NONE + " or 0x + 64 lowercase hex digits, got '" + value + "'");
    }
    return Optional.of(ContentHash.parse(value));
  }

  /**
   * The start most of {@code named} name (in signer order); of tied ones, the one that reached the
   * count first, so every node picks the same.
   */
  public static Optional<ContentHash> majority(List<Optional<ContentHash>> named) {
    Map<String, Integer> counts = new TreeMap<>();
    Optional<ContentHash> best = named.get(0);
    int bestCount = 0;
    for (Optional<ContentHash> s : named) {
      int c = counts.merge(s.map(ContentHash::hex).orElse(NONE), 1, Integer::sum);
      if (c > bestCount) {
        best = s;
        bestCount = c;
      }
    }
    return best;
  }
}
