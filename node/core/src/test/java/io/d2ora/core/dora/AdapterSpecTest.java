package io.d2ora.core.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterSpecTest {

  @Test
  void shouldScaleByAlphaOverRank() {
    assertThat(AdapterSpec.dora(8, 16).scaling()).isEqualTo(2.0);
  }

  @Test
  void shouldScaleByAlphaOverSqrtRankWhenRsLora() {
    AdapterSpec spec = AdapterSpec.builder().rank(16).alpha(8).rsLora(true).build();

    assertThat(spec.scaling()).isEqualTo(2.0);
  }

  @Test
  void shouldTargetModulesByWholeNameSuffixLikePeft() {
    AdapterSpec spec =
        AdapterSpec.builder().targetModules(List.of("query", "output.dense")).build();

    assertThat(spec.targets("encoder.layer.0.attention.self.query")).isTrue();
    assertThat(spec.targets("query")).isTrue();
    assertThat(spec.targets("encoder.layer.0.attention.output.dense")).isTrue();
    assertThat(spec.targets("encoder.layer.0.attention.self.key")).isFalse();
    assertThat(spec.targets("encoder.layer.0.attention.self.subquery")).isFalse();
    assertThat(spec.targets("encoder.layer.0.intermediate.dense")).isFalse();
  }

  @Test
  void shouldRejectInvalidHyperParametersWithExpectedAndActual() {
    assertThatThrownBy(() -> AdapterSpec.builder().rank(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rank: expected >= 1, got 0");
    assertThatThrownBy(() -> AdapterSpec.builder().dropout(1.0).build())
        .hasMessage("dropout: expected a value in [0, 1), got 1.0");
    assertThatThrownBy(() -> AdapterSpec.builder().alpha(Double.NaN).build())
        .hasMessageContaining("alpha: expected a finite value > 0");
  }

  @Test
  void shouldRoundTripThroughBuilder() {
    AdapterSpec spec =
        AdapterSpec.builder().mode(AdapterMode.LORA).rank(4).alpha(3).dropout(0.1).seed(9).build();

    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }
}
