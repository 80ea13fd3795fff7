package io.d2ora.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.TestUpdates;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.round.Address;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two runs of every strategy, each over freshly built and decoded inputs, give byte-identical
 * aggregate files in round 1 and in round 2 (which starts from round 1's file, so server state
 * travels through bytes as it does between nodes).
 */
class AggregationDeterminismTest {
  private static final List<AggregationStrategy> EVERY =
      List.of(
          AggregationStrategy.FEDAVG,
          AggregationStrategy.parse("fedavg:server_lr=0.5"),
          AggregationStrategy.FEDAVGM,
          AggregationStrategy.FEDADAM,
          AggregationStrategy.FFA,
          AggregationStrategy.EXACT,
          AggregationStrategy.exact(TestUpdates.R),
          AggregationStrategy.MEDIAN,
          AggregationStrategy.trimmedMean(0.2),
          AggregationStrategy.NORM_CLIP);

  @Test
  void shouldGiveByteIdenticalAggregatesOnTwoRunsForEveryStrategy() {
    Set<AggregationStrategy.Kind> covered = EnumSet.noneOf(AggregationStrategy.Kind.class);
    for (AggregationStrategy s : EVERY) {
      List<byte[]> first = run(s);
      List<byte[]> second = run(s);
      for (int round = 0; round < first.size(); round++) {
        assertThat(second.get(round))
            .as(s.id() + " round " + (round + 1))
            .isEqualTo(first.get(round));
      }
      covered.add(s.kind());
    }
    assertThat(covered).containsExactlyInAnyOrder(AggregationStrategy.Kind.values());
  }

  /** Rounds 1 and 2 of {@code s}, from inputs built anew. */
  private static List<byte[]> run(AggregationStrategy s) {
    boolean ffa = s.kind() == AggregationStrategy.Kind.FFA;
    AdapterUpdate initial = TestUpdates.random(99, 1);
    AdapterUpdate noStart = s.kind() == AggregationStrategy.Kind.NORM_CLIP ? initial : null;
    byte[] first = Aggregation.aggregate(s, inputs(1, 100, ffa), noStart).bytes();
    AdapterUpdate start = SafetensorsCodec.decode(first);
    if (s.kind() == AggregationStrategy.Kind.EXACT && s.rank() == 0) {
      start = initial; // the stacked rank cannot start a round (the round config refuses it)
    }
    byte[] second = Aggregation.aggregate(s, inputs(2, 200, ffa), start).bytes();
    return List.of(first, second);
  }

  private static List<AggregationInput> inputs(long round, long seed, boolean withoutA) {
    List<AggregationInput> inputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      AdapterUpdate u = TestUpdates.random(seed + i, 10 * (i + 1));
      TreeMap<String, FloatTensor> tensors = new TreeMap<>(u.tensors());
      if (withoutA) {
        tensors.keySet().removeIf(name -> name.endsWith(".lora_A.weight"));
      }
      TreeMap<String, String> metadata = new TreeMap<>(u.metadata());
      metadata.put(UpdateMetadata.ROUND_ID, Long.toString(round));
      inputs.add(
          AggregationInput.of(
              Address.parse(String.format("0x%040x", 0xa0 + i)),
              SafetensorsCodec.decode(
                  SafetensorsCodec.encode(new AdapterUpdate(tensors, metadata))),
              10 * (i + 1)));
    }
    return inputs;
  }
}
