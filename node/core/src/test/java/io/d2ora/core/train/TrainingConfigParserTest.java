package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.dora.AdapterMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigParserTest {
  private static TrainingConfig parse(String json) {
    return TrainingConfigParser.parse(json, Map.of());
  }

  @Test
  void shouldApplyDefaultsToAMinimalConfig() {
    TrainingConfig c = parse("{\"dataset_path\": \"data/imdb\"}");
    assertThat(c.datasetPaths()).containsExactly("data/imdb");
    assertThat(c.mode()).isEqualTo(AdapterMode.DORA);
    assertThat(c.loraR()).isEqualTo(8);
    assertThat(c.targetModules()).containsExactly("query", "value");
    assertThat(c.adapterSpec().scaling()).isEqualTo(2.0);
  }

  @Test
  void shouldNameKeyAndExpectedTypeWhenATypeIsWrong() {
    assertThatThrownBy(() -> parse("{\"dataset_path\": \"d\", \"lora_r\": \"eight\"}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("key 'lora_r': expected an integer >= 1, got \"eight\" (string)");
    assertThatThrownBy(() -> parse("{\"dataset_path\": \"d\", \"use_dora\": 1}"))
        .hasMessageContaining("key 'use_dora': expected a boolean");
    assertThatThrownBy(() -> parse("{\"dataset_path\": \"d\", \"lora_dropout\": 1.5}"))
        .hasMessageContaining("key 'lora_dropout': expected a number in [0.0, 1.0)");
    assertThatThrownBy(() -> parse("{\"dataset_path\": \"d\", \"target_modules\": \"query\"}"))
        .hasMessageContaining("key 'target_modules': expected an array of non-empty strings");
  }

  @Test
  void shouldRejectUnknownAndMissingKeys() {
    assertThatThrownBy(() -> parse("{\"dataset_path\": \"d\", \"lora_rank\": 8}"))
        .hasMessageContaining("unknown key 'lora_rank'");
    assertThatThrownBy(() -> parse("{}")).hasMessageContaining("key 'dataset_path' is required");
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("JSON object");
  }

  @Test
  void shouldLetOverridesWinAndSelectTheAdapterMode() {
    TrainingConfig c =
        TrainingConfigParser.parse(
            "{\"dataset_path\": [\"a\", \"b\"], \"use_dora\": false}",
            Map.of("num_epochs", 7, "seed", 1));
    assertThat(c.numEpochs()).isEqualTo(7);
    assertThat(c.seed()).isEqualTo(1);
    assertThat(c.mode()).isEqualTo(AdapterMode.LORA);
    assertThat(c.datasetPaths()).containsExactly("a", "b");
    assertThat(parse("{\"dataset_path\": \"d\", \"dora_magnitude_only\": true}").mode())
        .isEqualTo(AdapterMode.MAGNITUDE_ONLY);
    assertThatThrownBy(
            () -> parse("{\"dataset_path\":\"d\",\"use_dora\":false,\"dora_magnitude_only\":true}"))
        .hasMessageContaining("needs use_dora = true");
  }
}
