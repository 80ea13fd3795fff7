package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterConfigTest {

  @Test
  void shouldWriteLoraConfigFieldsAsPeftSavesThem() throws Exception {
    JsonNode json = new ObjectMapper().readTree(TestUpdates.config().toPrettyJson());

    assertThat(json.get("peft_type").asText()).isEqualTo("LORA");
    assertThat(json.get("task_type").asText()).isEqualTo("SEQ_CLS");
    assertThat(json.get("r").asInt()).isEqualTo(2);
    assertThat(json.get("lora_alpha").isIntegralNumber()).isTrue();
    assertThat(json.get("lora_alpha").asInt()).isEqualTo(16);
    assertThat(json.get("lora_dropout").asDouble()).isEqualTo(0.05);
    assertThat(json.get("use_dora").asBoolean()).isTrue();
    assertThat(json.get("use_rslora").asBoolean()).isFalse();
    assertThat(json.get("bias").asText()).isEqualTo("none");
    assertThat(json.get("fan_in_fan_out").asBoolean()).isFalse();
    assertThat(json.get("target_modules").toString()).isEqualTo("[\"query\",\"value\"]");
    assertThat(json.get("modules_to_save").toString()).isEqualTo("[\"classifier\"]");
    assertThat(json.get("base_model_name_or_path").asText())
        .isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
  }

  @Test
  void shouldWriteCompactCanonicalJsonWithSortedKeys() {
    String json = TestUpdates.config().toJson();

    assertThat(json).doesNotContain(" ", "\n").startsWith("{\"alpha_pattern\":{},\"base_model");
    assertThat(AdapterConfig.fromJson(json)).isEqualTo(TestUpdates.config());
  }

  @Test
  void shouldComputeScaleWithAndWithoutRsLora() {
    AdapterConfig c = TestUpdates.config().withRank(4);
    AdapterConfig rs =
        new AdapterConfig("m", "SEQ_CLS", 4, 16, 0, List.of("query"), true, true, List.of());

    assertThat(c.scaling()).isEqualTo(4.0);
    assertThat(rs.scaling()).isEqualTo(8.0);
  }

  @Test
  void shouldRejectNonLoraOrIncompleteConfigs() {
    assertThatThrownBy(() -> AdapterConfig.fromJson("{\"peft_type\":\"IA3\"}"))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("IA3");
    assertThatThrownBy(() -> AdapterConfig.fromJson("{\"peft_type\":\"LORA\",\"lora_alpha\":8}"))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("'r'");
    assertThatThrownBy(
            () -> AdapterConfig.fromJson("{\"peft_type\":\"LORA\",\"r\":0,\"lora_alpha\":8}"))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("r must be positive");
    assertThatThrownBy(() -> AdapterConfig.fromJson("not json"))
        .isInstanceOf(MalformedUpdateException.class);
  }
}
