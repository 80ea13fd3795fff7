package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.AggregateResult;
import io.d2ora.core.aggregate.Aggregation;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.aggregate.ServerState;
import io.d2ora.core.aggregate.ServerStateException;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TinyModels;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.round.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two rounds of training and aggregation on a tiny BERT, each round starting from the previous
 * round's aggregate, as nodes run them. A strategy a round config allows must give an aggregate the
 * next round's rank-r model loads; {@code exact} without re-compression does not (its rank grows to
 * n r), which is why round configs accept {@code exact} only as {@code exact:lora_r}.
 */
class MultiRoundAggregationTest {
  private static final BaseModel BASE = TinyModels.tinyBert(5);
  private static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final Address[] SIGNERS = {
    Address.parse("0x" + "0".repeat(39) + "1"), Address.parse("0x" + "0".repeat(39) + "2")
  };
  private static final TrainingConfig CONFIG =
      TrainingConfigParser.parse(
          "{\"dataset_path\":\"unused\",\"batch_size\":8,\"num_epochs\":2,\"learning_rate\":0.02,"
              + "\"lora_r\":2,\"lora_alpha\":4,\"head_dropout\":0.0,\"lora_dropout\":0.0,"
              + "\"max_seq_len\":8,\"target_modules\":[\"query\",\"value\"]}",
          Map.of());

  /** Peer {@code peer}'s private data: a separable toy task, different sentences per peer. */
  private static TrainingData data(int peer) {
    List<Example> ex = new ArrayList<>();
    String[] fillers = {"the", "a", "movie", "food", "phone", "was", "really", "quite"};
    for (int i = 0; i < 16; i++) {
      int k = i + 7 * peer;
      String filler = fillers[k % fillers.length] + " " + fillers[(k * 3 + 1) % fillers.length];
      boolean positive = i % 2 == 0;
      ex.add(new Example(filler + (positive ? " great" : " awful"), positive ? "pos" : "neg"));
    }
    return new TrainingData(ex, ex, LabelSet.of(ex));
  }

  /** Each peer trains from {@code start} and the round's updates are aggregated. */
  private static List<AggregationInput> round(long roundId, Map<String, WeightTensor> start) {
    List<AggregationInput> inputs = new ArrayList<>();
    for (int peer = 0; peer < SIGNERS.length; peer++) {
      TrainingData data = data(peer);
      TrainingResult r = Trainer.train(BASE, CONFIG, data, start, null);
      UpdateMetadata meta =
          UpdateMetadata.local(31337, REGISTRY, roundId, BASE.hash(), r.sampleCount());
      AdapterUpdate u =
          PeftUpdates.toUpdate(r.state(), data.labels(), PeftUpdates.adapterConfig(CONFIG), meta);
      inputs.add(AggregationInput.of(SIGNERS[peer], u, r.sampleCount()));
    }
    return inputs;
  }

  private static Map<String, WeightTensor> startFrom(AggregateResult aggregate) {
    return PeftUpdates.toState(SafetensorsCodec.decode(aggregate.bytes()));
  }

  @Test
  void shouldRunTwoRoundsWithExactRecompressedToTheRoundsRank() {
    AggregationStrategy exact = AggregationStrategy.exact(CONFIG.loraR());
    AggregateResult first = Aggregation.aggregate(exact, round(1, null));

    List<AggregationInput> second = round(2, startFrom(first));
    AggregateResult result = Aggregation.aggregate(exact, second);

    assertThat(first.update().config().r()).isEqualTo(2);
    assertThat(result.update().config().r()).isEqualTo(2);
    UpdateRules rules = UpdateRules.of(BASE, CONFIG);
    for (AggregationInput in : second) {
      assertThatCode(() -> rules.check(in.update())).doesNotThrowAnyException();
    }
    assertThatCode(() -> startFrom(result)).doesNotThrowAnyException();
  }

  @Test
  void shouldNotLoadAnUncompressedExactAggregateInTheNextRound() {
    AggregateResult stacked = Aggregation.aggregate(AggregationStrategy.EXACT, round(1, null));

    assertThat(stacked.update().config().r()).isEqualTo(4);
    assertThatThrownBy(() -> round(2, startFrom(stacked)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected shape");
  }

  @Test
  void shouldLetAVerifierRecomputeAFedadamRoundTwoFromRoundOnesAggregate() {
    AggregationStrategy fedadam = AggregationStrategy.parse("fedadam:server_lr=0.05");
    AggregateResult first = Aggregation.aggregate(fedadam, round(1, null));
    List<AggregationInput> second = round(2, startFrom(first));
    AggregateResult aggregated =
        Aggregation.aggregate(fedadam, second, SafetensorsCodec.decode(first.bytes()));

    // A verifier holds only files: round 1's aggregate and round 2's update files.
    List<AggregationInput> fetched = new ArrayList<>();
    for (AggregationInput in : second.reversed()) {
      fetched.add(AggregationInput.of(in.signer(), in.bytes().clone(), in.numSamples()));
    }
    AggregateResult recomputed =
        Aggregation.aggregate(fedadam, fetched, SafetensorsCodec.decode(first.bytes().clone()));

    assertThat(recomputed.hash()).isEqualTo(aggregated.hash());
    assertThat(aggregated.update().metadata()).containsEntry(ServerState.STEP_KEY, "1");
    assertThat(aggregated.hash())
        .isNotEqualTo(Aggregation.aggregate(AggregationStrategy.FEDAVG, second).hash());
    assertThatCode(() -> startFrom(aggregated)).doesNotThrowAnyException();
    // Without round 1's server state the round cannot be recomputed: refused by name.
    AdapterUpdate stateless = ServerState.strip(SafetensorsCodec.decode(first.bytes()));
    assertThatThrownBy(() -> Aggregation.aggregate(fedadam, fetched, stateless))
        .isInstanceOf(ServerStateException.class)
        .hasMessageContaining("carries no server state");
  }
}
