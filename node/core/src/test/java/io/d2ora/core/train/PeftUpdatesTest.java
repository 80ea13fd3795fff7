package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.model.TinyModels;
import io.d2ora.core.model.TokenBatch;
import io.d2ora.core.model.WeightTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PeftUpdatesTest {
  private static final BaseModel BASE = TinyModels.tinyBert(5);

  @Test
  void shouldUsePeftNamesForAdaptersAndHead() {
    assertThat(PeftUpdates.peftName("encoder.layer.3.attention.self.query.lora_A.weight"))
        .isEqualTo("base_model.model.bert.encoder.layer.3.attention.self.query.lora_A.weight");
    assertThat(PeftUpdates.peftName("encoder.layer.0.output.dense.lora_magnitude_vector"))
        .isEqualTo("base_model.model.bert.encoder.layer.0.output.dense.lora_magnitude_vector");
    assertThat(PeftUpdates.peftName("classifier.weight"))
        .isEqualTo("base_model.model.classifier.weight");
    assertThat(PeftUpdates.stateName("base_model.model.classifier.bias"))
        .isEqualTo("classifier.bias");
  }

  @Test
  void shouldRoundTripStateLabelsAndPredictionsThroughTheFileBytes() {
    TrainingConfig config =
        TrainingConfigParser.parse("{\"dataset_path\":\"x\",\"lora_r\":2}", Map.of());
    TextClassifier trained = Trainer.newClassifier(BASE, config, 3);
    trained.encoder().adaptedLayers().forEach(l -> l.loraB().value().assign(0.1));
    Map<String, WeightTensor> state = trained.state();
    LabelSet labels = new LabelSet(List.of("a", "b", "c"));
    UpdateMetadata meta = UpdateMetadata.local(31337, "0x" + "0".repeat(40), 4, BASE.hash(), 32);
    AdapterUpdate update =
        PeftUpdates.toUpdate(state, labels, PeftUpdates.adapterConfig(config, "tiny"), meta);

    AdapterUpdate decoded = SafetensorsCodec.decode(SafetensorsCodec.encode(update));
    assertThat(PeftUpdates.labels(decoded)).isEqualTo(labels);
    assertThat(PeftUpdates.toState(decoded)).isEqualTo(state);
    assertThat(decoded.d2ora().numSamples()).isEqualTo(32);

    PeftUpdates.layout(BASE, config, 3).check(decoded);
    TextClassifier loaded = PeftUpdates.classifier(BASE, decoded);
    TokenBatch batch = TokenBatch.of(new int[][] {{1, 5, 9, 2}, {1, 7, 2}});
    INDArray expected = trained.forward(batch, false);
    assertThat(loaded.forward(batch, false).equalsWithEps(expected, 1e-6)).isTrue();
  }
}
