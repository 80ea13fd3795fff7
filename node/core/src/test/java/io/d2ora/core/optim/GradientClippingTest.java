package io.d2ora.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradientClippingTest {

  private static Parameter withGrad(String name, double... grad) {
    Parameter p = Parameter.trainable(name, Nd4j.zeros(DataType.DOUBLE, grad.length));
    p.grad().assign(Nd4j.createFromArray(grad));
    return p;
  }

  @Test
  void shouldScaleAllGradientsToMaxNormWhenAbove() {
    Parameter a = withGrad("a", 3, 0);
    Parameter b = withGrad("b", 0, 4);

    double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0, 0);

    assertThat(norm).isEqualTo(5.0);
    assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(1.0, within(1e-6));
    assertThat(a.grad().getDouble(0) / b.grad().getDouble(1)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void shouldLeaveGradientsUntouchedWhenBelowMaxNorm() {
    Parameter a = withGrad("a", 0.3, 0.4);

    GradientClipping.clipGlobalNorm(List.of(a), 1.0, 0);

    assertThat(a.grad().toDoubleVector()).containsExactly(0.3, 0.4);
  }

  @Test
  void shouldReportNonFiniteNormWithTheStep() {
    Parameter a = withGrad("a", Double.NaN, 1);

    assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(List.of(a), 1.0, 17))
        .isInstanceOf(NumericalException.class)
        .hasMessageContaining("global gradient norm")
        .hasMessageContaining("step 17");
  }
}
