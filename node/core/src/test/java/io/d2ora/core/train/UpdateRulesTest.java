package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.BaseModelNames;
import io.d2ora.core.model.TinyModels;
import io.d2ora.core.model.WeightTensor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The magnitude bound: a participant sending finite but huge tensors (values of 1e30) would, once
 * averaged into the aggregate, make every node's next round diverge, and under {@code exact} would
 * overflow the aggregator's float32 output. The bound must stop those and still let through what
 * honest training and in-range Byzantine updates produce (robust strategies handle the latter).
 */
class UpdateRulesTest {
  private static final BaseModel BASE = TinyModels.tinyBert(5);
  private static final TrainingConfig CONFIG =
      TrainingConfigParser.parse(
          "{\"dataset_path\":\"x\",\"lora_r\":2,\"lora_alpha\":4,\"seed\":3}", Map.of());
  private static final LabelSet LABELS = new LabelSet(List.of("neg", "pos"));
  private static final UpdateRules RULES = UpdateRules.of(BASE, CONFIG);
  private static final String QUERY_B =
      PeftNames.loraB("bert.encoder.layer.1.attention.self.query");

  private static AdapterUpdate fresh() {
    return fresh(PeftUpdates.adapterConfig(CONFIG));
  }

  private static AdapterUpdate fresh(AdapterConfig peftConfig) {
    Map<String, WeightTensor> state = Trainer.newClassifier(BASE, CONFIG, 2).state();
    state.replaceAll((name, t) -> withValue(t, name.endsWith(".lora_B.weight") ? 0.01f : null));
    return PeftUpdates.toUpdate(
        state,
        LABELS,
        peftConfig,
        UpdateMetadata.local(31337, "0x" + "0".repeat(40), 1, BASE.hash(), 8));
  }

  /** {@code t} with every value set to {@code value}, or unchanged when null. */
  private static WeightTensor withValue(WeightTensor t, Float value) {
    if (value == null) {
      return t;
    }
    float[] v = new float[t.data().length];
    java.util.Arrays.fill(v, value);
    return new WeightTensor(t.name(), t.shape(), v);
  }

  private static AdapterUpdate scaled(AdapterUpdate u, String only, float factor) {
    TreeMap<String, FloatTensor> tensors = new TreeMap<>();
    u.tensors()
        .forEach(
            (name, t) -> {
              float[] v = t.data().clone();
              if (only == null || only.equals(name)) {
                for (int i = 0; i < v.length; i++) {
                  v[i] *= factor;
                }
              }
              tensors.put(name, FloatTensor.of(v, t.shape()));
            });
    return new AdapterUpdate(tensors, u.metadata());
  }

  @Test
  void shouldAcceptAFreshlyTrainedUpdate() {
    assertThatCode(() -> RULES.check(fresh())).doesNotThrowAnyException();
  }

  @Test
  void shouldNameTheDefaultBaseModelByItsHubId() {
    // The default config's base_model is the local directory name, which no hub resolves.
    assertThat(CONFIG.baseModel()).isEqualTo(BaseModelNames.MINILM);
    assertThat(RULES.adapterConfig().baseModelNameOrPath())
        .isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
  }

  @Test
  void shouldRejectAnUpdateNamingTheBaseModelByAnotherName() {
    // Every node derives the same name; an update naming the directory instead is not the round's.
    AdapterUpdate local = fresh(PeftUpdates.adapterConfig(CONFIG, CONFIG.baseModel()));

    assertThatThrownBy(() -> RULES.check(local))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("\"base_model_name_or_path\":\"all-minilm-l6-v2\"")
        .hasMessageContaining("is not the round's");
  }

  @Test
  void shouldAcceptAnUpdateScaledAHundredfold() {
    assertThatCode(() -> RULES.check(scaled(fresh(), null, 100))).doesNotThrowAnyException();
  }

  @Test
  void shouldRejectFiniteButHugeTensorsNamingThem() {
    AdapterUpdate huge = scaled(fresh(), QUERY_B, 1e30f);

    assertThatThrownBy(() -> RULES.check(huge))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("values too large")
        .hasMessageContaining(QUERY_B + " has L2 norm");
  }

  @Test
  void shouldRejectAHugeHeadToo() {
    String head = PeftNames.saved("classifier", "weight");

    assertThatThrownBy(() -> RULES.check(scaled(fresh(), head, 1e12f)))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining(head + " has L2 norm");
  }

  @Test
  void shouldRejectARankThatIsNotTheRounds() {
    TrainingConfig rank4 =
        TrainingConfigParser.parse(
            "{\"dataset_path\":\"x\",\"lora_r\":4,\"lora_alpha\":4,\"seed\":3}", Map.of());
    AdapterUpdate other =
        AdapterUpdate.of(fresh().tensors(), PeftUpdates.adapterConfig(rank4), fresh().d2ora());

    assertThatThrownBy(() -> RULES.check(other))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("\"r\":4");
  }
}
