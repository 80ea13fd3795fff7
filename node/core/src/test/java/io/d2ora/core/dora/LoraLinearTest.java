package io.d2ora.core.dora;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LoraLinearTest {
  private static final AdapterSpec LORA =
      AdapterSpec.builder().mode(AdapterMode.LORA).rank(4).alpha(8).build();

  private static Linear base(long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Linear.frozen(
        "encoder.layer.1.attention.self.value",
        Nd4j.randn(DataType.FLOAT, 12, 10),
        Nd4j.randn(DataType.FLOAT, 12));
  }

  @Test
  void shouldEqualBaseOutputExactlyWhenBIsZero() {
    Linear base = base(1);
    AdaptedLinear lora = Adapters.wrap(base, LORA);
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, 10);

    assertThat(lora.forward(x, true)).isEqualTo(base.forward(x, false));
  }

  @Test
  void shouldMatchUnmergedForwardWhenMerged() {
    AdaptedLinear lora = Adapters.wrap(base(2), LORA);
    lora.loraB().value().assign(Nd4j.randn(DataType.FLOAT, 12, 4));
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, 10);
    INDArray unmerged = lora.forward(x, false);

    lora.merge();

    assertThat(lora.forward(x, false).equalsWithEps(unmerged, 1e-5)).isTrue();
    lora.unmerge();
    assertThat(lora.isMerged()).isFalse();
  }

  @Test
  void shouldNameTensorsLikePeft() {
    AdaptedLinear lora = Adapters.wrap(base(3), LORA);

    assertThat(lora.adapterParameters())
        .extracting(Parameter::name)
        .containsExactly(
            "encoder.layer.1.attention.self.value.lora_A.weight",
            "encoder.layer.1.attention.self.value.lora_B.weight");
    assertThat(lora.magnitude()).isEmpty();
    assertThat(lora.trainableParameters()).hasSize(2);
  }
}
