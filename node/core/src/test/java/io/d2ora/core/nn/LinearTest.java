package io.d2ora.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class LinearTest {

  @Test
  void shouldComputeXTimesWeightTransposedPlusBias() {
    Linear layer =
        Linear.frozen(
            "dense",
            Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}),
            Nd4j.createFromArray(1.0, 0.0, -1.0));

    assertThat(layer.forward(Nd4j.createFromArray(new double[][] {{1, 1}}), false).toDoubleVector())
        .containsExactly(4, 7, 10);
    assertThat(layer.inFeatures()).isEqualTo(2);
    assertThat(layer.outFeatures()).isEqualTo(3);
  }

  @Test
  void shouldKeepFrozenParametersWithoutGradients() {
    Linear layer = Linear.frozen("dense", Nd4j.ones(DataType.FLOAT, 3, 2), null);
    layer.forward(Nd4j.ones(DataType.FLOAT, 4, 2), true);

    assertThat(layer.backward(Nd4j.ones(DataType.FLOAT, 4, 3)).shape()).containsExactly(4, 2);
    assertThat(layer.trainableParameters()).isEmpty();
    assertThatThrownBy(() -> layer.weight().grad())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("frozen");
  }

  @Test
  void shouldRejectWrongShapesAndTypesWithExpectedAndActual() {
    Linear layer = Linear.frozen("dense", Nd4j.ones(DataType.FLOAT, 3, 2), null);

    assertThatThrownBy(() -> layer.forward(Nd4j.ones(DataType.FLOAT, 4, 3), false))
        .hasMessage("dense input: expected shape [n, 2] with n >= 1, got [4, 3]");
    assertThatThrownBy(() -> layer.forward(Nd4j.ones(DataType.DOUBLE, 4, 2), false))
        .hasMessage("dense input: expected data type FLOAT, got DOUBLE");
    assertThatThrownBy(
            () ->
                Linear.frozen(
                    "dense", Nd4j.ones(DataType.FLOAT, 3, 2), Nd4j.ones(DataType.FLOAT, 2)))
        .hasMessage("dense.bias: expected shape [3], got [2]");
  }
}
