package io.d2ora.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float64 central finite differences (h = 1e-6) of L = sum(y ⊙ G) for a trainable Linear: weight,
 * bias and input. L is linear in each entry, so the tolerance can be tight: 1e-8 relative.
 */
class LinearGradientCheckTest {
  private static final double H = 1e-6;

  @Test
  void shouldMatchFiniteDifferencesForWeightBiasAndInput() {
    Nd4j.getRandom().setSeed(3);
    Linear layer =
        Linear.trainable(
            "classifier", Nd4j.randn(DataType.DOUBLE, 3, 4), Nd4j.randn(DataType.DOUBLE, 3));
    INDArray x = Nd4j.randn(DataType.DOUBLE, 5, 4);
    INDArray g = Nd4j.randn(DataType.DOUBLE, 5, 3);

    layer.forward(x, true);
    INDArray gradX = layer.backward(g);

    assertMatches(layer.weight().value(), layer.weight().grad(), layer, x, g);
    assertMatches(
        layer.bias().orElseThrow().value(), layer.bias().orElseThrow().grad(), layer, x, g);
    assertMatches(x, gradX, layer, x, g);
  }

  @Test
  void shouldAccumulateGradientsAcrossBackwardCalls() {
    Linear layer = Linear.trainable("head", Nd4j.ones(DataType.DOUBLE, 2, 2), null);
    INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 2);
    INDArray g = Nd4j.ones(DataType.DOUBLE, 1, 2);

    layer.forward(x, true);
    layer.backward(g);
    layer.forward(x, true);
    layer.backward(g);

    assertThat(layer.weight().grad()).isEqualTo(Nd4j.ones(DataType.DOUBLE, 2, 2).muli(2));
    layer.weight().zeroGrad();
    assertThat(layer.weight().grad().sumNumber().doubleValue()).isZero();
  }

  private static void assertMatches(
      INDArray tensor, INDArray analytic, Linear layer, INDArray x, INDArray g) {
    INDArray flat = tensor.reshape(tensor.length());
    INDArray flatGrad = analytic.reshape(analytic.length());
    for (long i = 0; i < flat.length(); i++) {
      double saved = flat.getDouble(i);
      flat.putScalar(i, saved + H);
      double plus = layer.forward(x, false).mul(g).sumNumber().doubleValue();
      flat.putScalar(i, saved - H);
      double minus = layer.forward(x, false).mul(g).sumNumber().doubleValue();
      flat.putScalar(i, saved);
      double numeric = (plus - minus) / (2 * H);
      assertThat(flatGrad.getDouble(i))
          .as("element %d", i)
          .isCloseTo(
              numeric, org.assertj.core.api.Assertions.within(1e-8 * (1 + Math.abs(numeric))));
    }
  }
}
