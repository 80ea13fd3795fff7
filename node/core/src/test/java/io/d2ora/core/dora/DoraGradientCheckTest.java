package io.d2ora.core.dora;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.nn.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float64 central finite differences (h = 1e-6) of L = sum(y ⊙ G) against the hand-written
 * backward, for every trainable tensor and the input. The numerical side uses {@link NaiveAdapter}
 * with the norm held at its forward value when the layer detaches it, so both norm modes are
 * checked against what they claim to compute. Tolerance: relative error below 1e-6 (seen: ~1e-9).
 */
class DoraGradientCheckTest {
  private static final double H = 1e-6;
  private static final double TOLERANCE = 1e-6;
  private static final int ROWS = 4;
  private static final int IN = 6;
  private static final int OUT = 5;
  private static final int RANK = 3;

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of(AdapterMode.DORA, true, 0.0, false),
        Arguments.of(AdapterMode.DORA, false, 0.0, false),
        Arguments.of(AdapterMode.DORA, true, 0.3, false),
        Arguments.of(AdapterMode.DORA, false, 0.3, true),
        Arguments.of(AdapterMode.LORA, true, 0.0, false),
        Arguments.of(AdapterMode.LORA, true, 0.3, true),
        Arguments.of(AdapterMode.MAGNITUDE_ONLY, true, 0.0, false),
        Arguments.of(AdapterMode.MAGNITUDE_ONLY, true, 0.3, false));
  }

  @ParameterizedTest(name = "{0} detachNorm={1} dropout={2} rsLora={3}")
  @MethodSource("configurations")
  void shouldMatchFiniteDifferencesForEveryTensor(
      AdapterMode mode, boolean detachNorm, double dropout, boolean rsLora) {
    Nd4j.getRandom().setSeed(7);
    INDArray w0 = Nd4j.randn(DataType.DOUBLE, OUT, IN);
    INDArray bias = Nd4j.randn(DataType.DOUBLE, OUT);
    Linear base = Linear.frozen("layer.value", w0, bias);
    AdapterSpec spec =
        AdapterSpec.builder()
            .mode(mode)
            .rank(RANK)
            .alpha(6)
            .rsLora(rsLora)
            .dropout(dropout)
            .detachNorm(detachNorm)
            .build();
    AdaptedLinear layer = Adapters.wrap(base, spec);
    layer.loraB().value().assign(Nd4j.randn(DataType.DOUBLE, OUT, RANK).muli(0.5));
    layer.magnitude().ifPresent(m -> m.value().muli(Nd4j.rand(DataType.DOUBLE, OUT).addi(0.5)));
    INDArray x = Nd4j.randn(DataType.DOUBLE, ROWS, IN);
    INDArray g = Nd4j.randn(DataType.DOUBLE, ROWS, OUT);

    INDArray y = layer.forward(x, true);
    double[][] mask =
        dropout > 0 ? ((AbstractAdaptedLinear) layer).dropout.mask().toDoubleMatrix() : null;
    INDArray gradX = layer.backward(g);

    NaiveAdapter naive = naive(layer);
    double[][] xs = x.toDoubleMatrix();
    double[][] gs = g.toDoubleMatrix();
    double[] fixedNorms = detachNorm && mode != AdapterMode.LORA ? naive.norms() : null;
    assertThat(y.equalsWithEps(Nd4j.create(naive.forward(xs, mask, null)), 1e-12)).isTrue();
    DoubleSupplier loss = () -> naive.loss(xs, mask, fixedNorms, gs);

    List<String> failures = new ArrayList<>();
    check("x", xs, gradX.toDoubleMatrix(), loss, failures);
    if (mode != AdapterMode.MAGNITUDE_ONLY) {
      check("A", naive.a, layer.loraA().grad().toDoubleMatrix(), loss, failures);
      check("B", naive.b, layer.loraB().grad().toDoubleMatrix(), loss, failures);
    }
    if (mode != AdapterMode.LORA) {
      double[][] m = {naive.m};
      double[][] gm = {layer.magnitude().orElseThrow().grad().toDoubleVector()};
      check("m", m, gm, loss, failures);
    }
    assertThat(failures).isEmpty();
  }

  /**
   * Values an aggregate or a crafted update can carry, where the layer's fast forms break down: a
   * zero magnitude and one of 1e-9 (the output y' = x·(c ⊙ V)^T no longer carries x·V^T, so the
   * magnitude's gradient cannot be read back from it) and a row the adapter nearly cancels (||V_0||
   * about 1e-2 of ||W0_0||, where a norm expanded around W0 loses digits). The layer takes exact
   * forms for those rows; every gradient still matches finite differences.
   */
  @ParameterizedTest(name = "detachNorm={0}")
  @ValueSource(booleans = {true, false})
  void shouldMatchFiniteDifferencesForZeroMagnitudesAndACancelledRow(boolean detachNorm) {
    AdapterSpec spec = AdapterSpec.builder().rank(RANK).alpha(6).detachNorm(detachNorm).build();
    Nd4j.getRandom().setSeed(11);
    INDArray w0 = Nd4j.randn(DataType.DOUBLE, OUT, IN);
    INDArray bias = Nd4j.randn(DataType.DOUBLE, OUT);
    INDArray a = Adapters.wrap(Linear.frozen("layer.value", w0, bias), spec).loraA().value();
    INDArray b = Nd4j.randn(DataType.DOUBLE, OUT, RANK);
    // W0_0 = −s·B_0·A + a small remainder, so V_0 = W0_0 + s·B_0·A is that remainder.
    INDArray cancelled = b.getRow(0).reshape(1, RANK).mmul(a).muli(-spec.scaling()).reshape(IN);
    w0.putRow(0, cancelled.addi(Nd4j.randn(DataType.DOUBLE, IN).muli(1e-2)));
    AdaptedLinear layer = Adapters.wrap(Linear.frozen("layer.value", w0, bias), spec);
    layer.loraB().value().assign(b);
    layer.magnitude().orElseThrow().value().putScalar(1, 0.0).putScalar(2, 1e-9);
    INDArray x = Nd4j.randn(DataType.DOUBLE, ROWS, IN);
    INDArray g = Nd4j.randn(DataType.DOUBLE, ROWS, OUT);

    INDArray y = layer.forward(x, true);
    INDArray gradX = layer.backward(g);

    NaiveAdapter naive = naive(layer);
    double[][] xs = x.toDoubleMatrix();
    double[][] gs = g.toDoubleMatrix();
    double[] fixedNorms = detachNorm ? naive.norms() : null;
    assertThat(y.equalsWithEps(Nd4j.create(naive.forward(xs, null, null)), 1e-12)).isTrue();
    DoubleSupplier loss = () -> naive.loss(xs, null, fixedNorms, gs);
    List<String> failures = new ArrayList<>();
    // Row 2's factor gradients scale with m_2 = 1e-9, below what differences of this O(1) loss
    // resolve: errors are relative above 1 and absolute (1e-6) below.
    double floor = 1;
    check("x", xs, gradX.toDoubleMatrix(), loss, failures, floor);
    check("A", naive.a, layer.loraA().grad().toDoubleMatrix(), loss, failures, floor);
    check("B", naive.b, layer.loraB().grad().toDoubleMatrix(), loss, failures, floor);
    double[][] gm = {layer.magnitude().orElseThrow().grad().toDoubleVector()};
    check("m", new double[][] {naive.m}, gm, loss, failures, floor);
    assertThat(failures).isEmpty();
    assertThat(gm[0][1]).as("the zero magnitude's gradient").isNotZero();
  }

  private static NaiveAdapter naive(AdaptedLinear layer) {
    NaiveAdapter naive = new NaiveAdapter();
    naive.w0 = layer.base().weight().value().toDoubleMatrix();
    naive.bias = layer.base().bias().orElseThrow().value().toDoubleVector();
    naive.a = layer.loraA().value().toDoubleMatrix();
    naive.b = layer.loraB().value().toDoubleMatrix();
    naive.m = layer.magnitude().map(m -> m.value().toDoubleVector()).orElse(null);
    naive.scaling = layer.scaling();
    naive.lora = layer.spec().mode() == AdapterMode.LORA;
    return naive;
  }

  /** Perturbs {@code values} in place element by element; records mismatches. */
  private static void check(
      String tensor,
      double[][] values,
      double[][] analytic,
      DoubleSupplier loss,
      List<String> failures) {
    check(tensor, values, analytic, loss, failures, 1e-8);
  }

  /**
   * As above; {@code floor} is the smallest denominator of the relative error (gradients far below
   * it are beyond what central differences of an O(1) loss resolve).
   */
  private static void check(
      String tensor,
      double[][] values,
      double[][] analytic,
      DoubleSupplier loss,
      List<String> failures,
      double floor) {
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < values[i].length; j++) {
        double saved = values[i][j];
        values[i][j] = saved + H;
        double plus = loss.getAsDouble();
        values[i][j] = saved - H;
        double minus = loss.getAsDouble();
        values[i][j] = saved;
        double numeric = (plus - minus) / (2 * H);
        double error =
            Math.abs(numeric - analytic[i][j])
                / Math.max(floor, Math.abs(numeric) + Math.abs(analytic[i][j]));
        if (!(error <= TOLERANCE)) { // NaN fails too
          failures.add(
              tensor + "[" + i + "," + j + "]: analytic " + analytic[i][j] + " numeric " + numeric);
        }
      }
    }
  }
}
