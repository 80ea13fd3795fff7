package io.d2ora.app.dashboard;

import io.d2ora.chain.ChainReader;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RegistryRound;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a round's model came from: the round, the round whose aggregate it started from (as the
 * learning logs of the data directories record it), and so on back to a round that started from the
 * base model, or to a round whose start no log records.
 */
final class Provenance {
  /** At most this many rounds are followed back (a page stays readable). */
  static final int MAX_DEPTH = 12;

  /**
   * One round in the lineage.
   *
   * @param start what its training started from: empty when unknown, "fresh" for the base model,
   *     else the adapter hash
   * @param startRound the earlier round whose aggregate {@code start} is, if one is
   */
  record Step(RoundData data, Optional<String> start, Optional<Long> startRound) {}

  private Provenance() {}

  /** The lineage ending in round {@code id}, newest first. */
  static List<Step> trace(ChainReader chain, long id, LearningLog.Entries log) {
    List<Step> steps = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long current = id;
    while (steps.size() < MAX_DEPTH && seen.add(current)) {
      long round = current;
      RoundData d = RoundData.read(chain, round);
      Optional<String> start = start(log, round);
      Optional<Long> from =
          start.filter(h -> !h.equals("fresh")).flatMap(h -> roundWithAggregate(chain, round, h));
      steps.add(new Step(d, start, from));
      if (from.isEmpty()) {
        break;
      }
      current = from.get();
    }
    return steps;
  }

  private static Optional<String> start(LearningLog.Entries log, long round) {
    return log.rounds().stream()
        .filter(r -> r.round() == round)
        .map(r -> r.startFrom().map(h -> h.toLowerCase(Locale.ROOT)).orElse("fresh"))
        .findFirst();
  }

  /** The latest round before {@code before} whose finalized aggregate is {@code hash}. */
  private static Optional<Long> roundWithAggregate(ChainReader chain, long before, String hash) {
    Hash32 wanted;
    try {
      wanted = Hash32.of(hash);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (long id = before - 1; id >= 1 && id >= before - 64; id--) {
      Optional<RegistryRound> r = chain.round(id);
      if (r.isPresent() && r.get().finalized() && r.get().aggregateHash().equals(wanted)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }
}
