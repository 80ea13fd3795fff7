package io.d2ora.app.training;

import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.data.DataFormatException;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.InvalidUpdateException;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.train.PeftUpdates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The checks of {@link AdapterAggregator} that read an update's metadata. */
final class UpdateChecks {
  private UpdateChecks() {}

  /**
   * Checks the D2ORA fields against the round and the signer's commitment: chain id, registry,
   * round, base model, a locally trained update (no aggregate passed off as one), and the committed
   * sample count, which must also leave the round's total inside a long.
   *
   * @throws InvalidUpdateException naming the signer and every field that is wrong
   */
  static void checkMetadata(
      AdapterUpdate update,
      Address signer,
      long numSamples,
      RoundInfo round,
      long chainId,
      String registry) {
    UpdateMetadata m;
    try {
      m = update.d2ora();
    } catch (AdapterException e) {
      throw new InvalidUpdateException(signer, "bad D2ORA metadata: " + e.getMessage(), e);
    }
    List<String> wrong = new ArrayList<>();
    check(wrong, "chain id", chainId, m.chainId());
    check(wrong, "registry", registry, m.registry());
    check(wrong, "round", round.id().value(), m.roundId());
    check(wrong, "base model hash", round.baseModelHash(), m.baseModelHash());
    check(wrong, "strategy", UpdateMetadata.LOCAL, m.strategy());
    check(wrong, "inputs", List.of(), m.inputs());
    check(wrong, "sample count (committed)", numSamples, m.numSamples());
    long most = Long.MAX_VALUE / round.participantCap();
    if (numSamples > most) {
      wrong.add(
          "sample count "
              + numSamples
              + " exceeds "
              + most
              + ", the most "
              + round.participantCap()
              + " participants can each claim without overflowing the round's total");
    }
    if (!wrong.isEmpty()) {
      throw new InvalidUpdateException(signer, "update is not for this round: " + wrong, null);
    }
  }

  private static void check(List<String> wrong, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      wrong.add(what + " expected " + expected + " but was " + actual);
    }
  }

  /**
   * The first input (in signer order) whose class names differ from those most inputs carry; ties
   * go to the class list that sorts first, so every node picks the same. Empty when all agree.
   */
  static Optional<AggregationInput> outsideMajorityClasses(List<AggregationInput> inputs) {
    Map<AggregationInput, List<String>> classes = new LinkedHashMap<>();
    Map<List<String>, Integer> counts = new TreeMap<>(UpdateChecks::compare);
    for (AggregationInput in : inputs) {
      List<String> names;
      try {
        names = PeftUpdates.labels(in.update()).labels();
      } catch (AdapterException | DataFormatException e) {
        throw new InvalidUpdateException(in.signer(), "class names: " + e.getMessage(), e);
      }
      classes.put(in, names);
      counts.merge(names, 1, Integer::sum);
    }
    List<String> majority = null;
    for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
      if (majority == null || e.getValue() > counts.get(majority)) {
        majority = e.getKey();
      }
    }
    List<String> chosen = majority;
    return classes.entrySet().stream()
        .filter(e -> !e.getValue().equals(chosen))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private static int compare(List<String> x, List<String> y) {
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = x.get(i).compareTo(y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }
}
