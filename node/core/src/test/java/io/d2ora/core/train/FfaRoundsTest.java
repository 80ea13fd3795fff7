package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.AggregateResult;
import io.d2ora.core.aggregate.Aggregation;
import io.d2ora.core.aggregate.AggregationException;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TinyModels;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.round.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FFA-LoRA (Sun et al. 2024) over two rounds on a tiny BERT: A stays at the seeded init every peer
 * regenerates, only B, m and the head train and travel, so uploads are smaller, FedAvg of B is
 * exact and the next round (and a loader) rebuild the model from B, m, head and the seed.
 */
class FfaRoundsTest {
  private static final BaseModel BASE = TinyModels.tinyBert(5);
  private static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final Address[] SIGNERS = {
    Address.parse("0x" + "0".repeat(39) + "1"), Address.parse("0x" + "0".repeat(39) + "2")
  };
  private static final String JSON =
      "{\"dataset_path\":\"unused\",\"batch_size\":8,\"num_epochs\":2,\"learning_rate\":0.02,"
          + "\"lora_r\":2,\"lora_alpha\":4,\"head_dropout\":0.0,\"lora_dropout\":0.0,"
          + "\"max_seq_len\":8,\"target_modules\":[\"query\",\"value\"]";
  private static final TrainingConfig FULL = TrainingConfigParser.parse(JSON + "}", Map.of());
  private static final TrainingConfig FFA =
      TrainingConfigParser.parse(JSON + ",\"freeze_lora_a\":true}", Map.of());

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

  private static List<AggregationInput> round(
      TrainingConfig config, long roundId, Map<String, WeightTensor> start) {
    List<AggregationInput> inputs = new ArrayList<>();
    for (int peer = 0; peer < SIGNERS.length; peer++) {
      TrainingData data = data(peer);
      TrainingResult r = Trainer.train(BASE, config, data, start, null);
      UpdateMetadata meta =
          UpdateMetadata.local(31337, REGISTRY, roundId, BASE.hash(), r.sampleCount());
      AdapterUpdate u =
          PeftUpdates.withFrozenASeed(
              PeftUpdates.toUpdate(
                  r.state(), data.labels(), PeftUpdates.adapterConfig(config), meta),
              config);
      inputs.add(AggregationInput.of(SIGNERS[peer], u, r.sampleCount()));
    }
    return inputs;
  }

  @Test
  void shouldTrainOnlyBAndMagnitudeWithAFrozen() {
    List<String> trainable =
        Trainer.newClassifier(BASE, FFA, 2).trainableParameters().stream()
            .map(Parameter::name)
            .toList();

    assertThat(trainable).noneMatch(n -> n.contains("lora_A"));
    assertThat(trainable).anyMatch(n -> n.contains("lora_B"));
    assertThat(trainable).anyMatch(n -> n.contains("lora_magnitude_vector"));
    assertThat(Trainer.newClassifier(BASE, FFA, 2).state().keySet())
        .noneMatch(n -> n.contains("lora_A"));
  }

  @Test
  void shouldTrainBOfPlainLoraWithAFrozen() {
    TrainingConfig lora =
        TrainingConfigParser.parse(JSON + ",\"freeze_lora_a\":true,\"use_dora\":false}", Map.of());

    Map<String, WeightTensor> state = Trainer.train(BASE, lora, data(0), null, null).state();

    assertThat(state.keySet()).noneMatch(n -> n.contains("lora_A"));
    WeightTensor b =
        state.values().stream().filter(t -> t.name().contains("lora_B")).findFirst().orElseThrow();
    float sum = 0;
    for (float v : b.data()) {
      sum += Math.abs(v);
    }
    assertThat(sum).as("B moved from its zero init").isPositive();
  }

  @Test
  void shouldRunTwoFfaRoundsWithHalfTheFactorsUploaded() {
    List<AggregationInput> full = round(FULL, 1, null);
    List<AggregationInput> first = round(FFA, 1, null);
    AggregateResult one = Aggregation.aggregate(AggregationStrategy.FFA, first);
    List<AggregationInput> second =
        round(FFA, 2, PeftUpdates.toState(SafetensorsCodec.decode(one.bytes())));
    AggregateResult two = Aggregation.aggregate(AggregationStrategy.FFA, second);

    int ffaBytes = first.get(0).bytes().length;
    int fullBytes = full.get(0).bytes().length;
    System.out.printf(
        "upload bytes: full %d, ffa %d (%.2f)%n",
        fullBytes, ffaBytes, (double) ffaBytes / fullBytes);
    assertThat(ffaBytes).isLessThan(fullBytes);
    assertThat(one.update().tensors().keySet()).noneMatch(n -> n.contains("lora_A"));
    assertThat(two.report().maxFedavgGap()).isZero();
    assertThat(two.update().metadata()).containsEntry(PeftUpdates.FROZEN_A_SEED_KEY, "42");
    assertThatCode(() -> PeftUpdates.classifier(BASE, two.update())).doesNotThrowAnyException();
    UpdateRules rules = UpdateRules.of(BASE, FFA);
    for (AggregationInput in : second) {
      assertThatCode(() -> rules.check(in.update())).doesNotThrowAnyException();
    }
  }

  @Test
  void shouldRefuseAnUpdateCarryingAInAnFfaRound() {
    List<AggregationInput> withA = round(FULL, 1, null);
    List<AggregationInput> mixed = List.of(round(FFA, 1, null).get(0), withA.get(1));

    assertThatThrownBy(() -> UpdateRules.of(BASE, FFA).check(withA.get(1).update()))
        .isInstanceOf(AdapterException.class)
        .hasMessageContaining("unexpected")
        .hasMessageContaining("lora_A.weight");
    assertThatThrownBy(() -> Aggregation.aggregate(AggregationStrategy.FFA, withA))
        .isInstanceOf(AggregationException.class)
        .hasMessageContaining("an ffa update carries no lora_A");
    assertThatThrownBy(() -> Aggregation.aggregate(AggregationStrategy.FFA, mixed))
        .isInstanceOf(AggregationException.class);
  }
}
