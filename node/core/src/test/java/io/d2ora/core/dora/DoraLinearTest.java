package io.d2ora.core.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NumericalException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DoraLinearTest {

  private static Linear base(DataType type, long out, long in, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray w = Nd4j.randn(type, out, in).muli(0.2);
    INDArray b = Nd4j.randn(type, out).muli(0.1);
    return Linear.frozen("encoder.layer.0.attention.self.query", w, b);
  }

  @Test
  void shouldEqualBaseOutputExactlyWhenBIsZero() {
    Linear base = base(DataType.FLOAT, 12, 10, 1);
    AdaptedLinear dora = Adapters.wrap(base, AdapterSpec.dora(4, 8));
    INDArray x = Nd4j.randn(DataType.FLOAT, 7, 10);
    INDArray expected = base.forward(x, false);

    assertThat(dora.forward(x, false)).isEqualTo(expected);
    assertThat(dora.forward(x, true)).isEqualTo(expected);
  }

  @Test
  void shouldMatchUnmergedForwardWhenMerged() {
    Linear base = base(DataType.FLOAT, 12, 10, 2);
    AdaptedLinear dora = Adapters.wrap(base, AdapterSpec.dora(4, 8));
    dora.loraB().value().assign(Nd4j.randn(DataType.FLOAT, 12, 4).muli(0.3));
    dora.magnitude().orElseThrow().value().muli(1.5);
    INDArray x = Nd4j.randn(DataType.FLOAT, 7, 10);
    INDArray unmerged = dora.forward(x, false);

    dora.merge();
    INDArray merged = dora.forward(x, false);

    assertThat(merged.equalsWithEps(unmerged, 1e-5)).isTrue();
  }

  @Test
  void shouldRestoreBaseWeightExactlyWhenUnmerged() {
    Linear base = base(DataType.FLOAT, 12, 10, 3);
    INDArray w0 = base.weight().value().dup();
    AdaptedLinear dora = Adapters.wrap(base, AdapterSpec.dora(4, 8));
    dora.loraB().value().assign(Nd4j.randn(DataType.FLOAT, 12, 4));

    dora.merge();
    assertThat(base.weight().value()).isNotEqualTo(w0);
    dora.unmerge();

    assertThat(base.weight().value()).isEqualTo(w0);
  }

  @Test
  void shouldRefuseTrainingWhenMerged() {
    AdaptedLinear dora = Adapters.wrap(base(DataType.FLOAT, 6, 5, 4), AdapterSpec.dora(2, 4));
    dora.merge();

    assertThatThrownBy(() -> dora.forward(Nd4j.ones(DataType.FLOAT, 3, 5), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unmerge");
  }

  @Test
  void shouldNotProduceNanWhenBaseRowIsZero() {
    Linear base = base(DataType.FLOAT, 6, 5, 5);
    base.weight().value().getRow(2).assign(0);
    AdaptedLinear dora =
        Adapters.wrap(base, AdapterSpec.builder().rank(2).detachNorm(false).build());
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 5);

    INDArray y = dora.forward(x, true);
    INDArray gx = dora.backward(Nd4j.ones(DataType.FLOAT, 3, 6));

    assertThat(y.isNaN().any()).isFalse();
    assertThat(gx.isNaN().any()).isFalse();
    assertThat(dora.magnitude().orElseThrow().grad().isNaN().any()).isFalse();
    assertThat(dora.loraA().grad().isNaN().any()).isFalse();
  }

  /**
   * A row the adapter nearly cancels in float32 (||V_0|| about 1e-4 of ||W0_0||, as a crafted
   * update can make it): a norm taken from an expansion around W0 loses all its digits there (the
   * norm hit the floor and y[0, 0] came out as -2.9e8 instead of -0.40); the layer takes it from
   * V_0 itself. The output matches the float64 oracle on the same float32 inputs to 2 %: float32
   * keeps about three of its seven digits when W0_0 + s·B_0·A cancels 1e4-fold (PEFT's forward
   * too).
   */
  @Test
  void shouldKeepTheNormOfARowTheAdapterNearlyCancels() {
    AdapterSpec spec = AdapterSpec.dora(4, 8);
    Nd4j.getRandom().setSeed(12);
    INDArray w0 = Nd4j.randn(DataType.FLOAT, 12, 64).muli(0.2);
    INDArray bias = Nd4j.zeros(DataType.FLOAT, 12);
    String name = "encoder.layer.0.attention.self.query";
    INDArray a = Adapters.wrap(Linear.frozen(name, w0, bias), spec).loraA().value();
    INDArray b = Nd4j.randn(DataType.FLOAT, 12, 4);
    INDArray cancelled = b.getRow(0).reshape(1, 4).mmul(a).muli(-spec.scaling()).reshape(64);
    w0.putRow(0, cancelled.addi(Nd4j.randn(DataType.FLOAT, 64).muli(1e-4)));
    AdaptedLinear dora = Adapters.wrap(Linear.frozen(name, w0, bias), spec);
    dora.loraB().value().assign(b);
    INDArray x = Nd4j.randn(DataType.FLOAT, 5, 64);

    double[][] y = dora.forward(x, false).castTo(DataType.DOUBLE).toDoubleMatrix();

    NaiveAdapter naive = new NaiveAdapter();
    naive.w0 = w0.castTo(DataType.DOUBLE).toDoubleMatrix();
    naive.a = a.castTo(DataType.DOUBLE).toDoubleMatrix();
    naive.b = b.castTo(DataType.DOUBLE).toDoubleMatrix();
    naive.m = dora.magnitude().orElseThrow().value().castTo(DataType.DOUBLE).toDoubleVector();
    naive.scaling = spec.scaling();
    double[][] expected = naive.forward(x.castTo(DataType.DOUBLE).toDoubleMatrix(), null, null);
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y[i].length; j++) {
        double scale = 1 + Math.abs(expected[i][j]);
        assertThat(Math.abs(y[i][j] - expected[i][j]) / scale)
            .as("y[%d,%d]", i, j)
            .isLessThan(2e-2);
      }
    }
  }

  @Test
  void shouldReportExpectedAndActualShapeWhenInputIsWrong() {
    AdaptedLinear dora = Adapters.wrap(base(DataType.FLOAT, 6, 5, 6), AdapterSpec.dora(2, 4));

    assertThatThrownBy(() -> dora.forward(Nd4j.ones(DataType.FLOAT, 3, 4), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected shape [n, 5]")
        .hasMessageContaining("[3, 4]");
  }

  @Test
  void shouldInitialiseMagnitudeToRowNormsAndBToZero() {
    Linear base = base(DataType.DOUBLE, 6, 5, 7);
    AdaptedLinear dora = Adapters.wrap(base, AdapterSpec.dora(3, 6));

    INDArray expected = base.weight().value().norm2(1);
    assertThat(dora.magnitude().orElseThrow().value().equalsWithEps(expected, 1e-12)).isTrue();
    assertThat(dora.loraB().value().sumNumber().doubleValue()).isZero();
    assertThat(dora.loraA().shape()).containsExactly(3, 5);
  }

  @Test
  void shouldDrawKaimingUniformADifferentPerLayerAndRepeatablePerSeed() {
    AdapterSpec spec = AdapterSpec.dora(4, 8);
    INDArray first = Adapters.wrap(base(DataType.FLOAT, 6, 100, 8), spec).loraA().value();
    INDArray again = Adapters.wrap(base(DataType.FLOAT, 6, 100, 8), spec).loraA().value();
    Linear other =
        Linear.frozen(
            "encoder.layer.0.attention.self.value", Nd4j.ones(DataType.FLOAT, 6, 100), null);
    INDArray otherLayer = Adapters.wrap(other, spec).loraA().value();

    assertThat(first).isEqualTo(again);
    assertThat(first).isNotEqualTo(otherLayer);
    assertThat(Math.abs(first.maxNumber().doubleValue())).isLessThanOrEqualTo(0.1);
    assertThat(Math.abs(first.minNumber().doubleValue())).isLessThanOrEqualTo(0.1);
    assertThat(first.maxNumber().doubleValue()).isGreaterThan(0.09);
  }

  @Test
  void shouldTrainOnlyMagnitudeWhenMagnitudeOnly() {
    AdapterSpec spec = AdapterSpec.builder().mode(AdapterMode.MAGNITUDE_ONLY).rank(2).build();
    AdaptedLinear dora = Adapters.wrap(base(DataType.FLOAT, 6, 5, 9), spec);

    assertThat(dora.trainableParameters()).containsExactly(dora.magnitude().orElseThrow());
    assertThat(dora.adapterParameters()).hasSize(3);
  }

  @Test
  void shouldRepeatDropoutMasksForTheSameSeedAndSkipDropoutInEval() {
    AdapterSpec spec = AdapterSpec.builder().rank(2).dropout(0.5).build();
    INDArray x = Nd4j.randn(DataType.FLOAT, 8, 5);
    AdaptedLinear first = Adapters.wrap(base(DataType.FLOAT, 6, 5, 10), spec);
    AdaptedLinear second = Adapters.wrap(base(DataType.FLOAT, 6, 5, 10), spec);
    first.loraB().value().assign(0.5);
    second.loraB().value().assign(0.5);
    AdaptedLinear noDropout =
        Adapters.wrap(base(DataType.FLOAT, 6, 5, 10), spec.toBuilder().dropout(0).build());
    noDropout.loraB().value().assign(0.5);

    INDArray trainFirst = first.forward(x, true);

    assertThat(second.forward(x, true)).isEqualTo(trainFirst);
    assertThat(trainFirst.equalsWithEps(noDropout.forward(x, false), 1e-4)).isFalse();
    assertThat(first.forward(x, false)).isEqualTo(noDropout.forward(x, false));
  }

  /**
   * An infinite entry in A (a hostile aggregate's, or an overflow) makes ||V_j|| infinite, so c_j =
   * m_j / ||V_j|| comes out a finite 0 while c ⊙ V holds 0·inf = NaN: the layer must name the
   * tensor in forward instead of handing NaN outputs to the rest of the step.
   */
  @Test
  void shouldReportAnInfiniteDirectionNormWithTheStep() {
    AdaptedLinear dora = Adapters.wrap(base(DataType.FLOAT, 6, 5, 11), AdapterSpec.dora(2, 4));
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 5);
    dora.loraB().value().assign(0.5);
    dora.loraA().value().putScalar(0, 1, Float.POSITIVE_INFINITY);

    assertThatThrownBy(() -> dora.forward(x, true))
        .isInstanceOf(NumericalException.class)
        .hasMessageContaining("direction norm")
        .hasMessageContaining("at step 1");
  }

  @Test
  void shouldReportNonFiniteMagnitudeWithTheStep() {
    AdaptedLinear dora = Adapters.wrap(base(DataType.FLOAT, 6, 5, 11), AdapterSpec.dora(2, 4));
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 5);
    dora.forward(x, true);
    dora.magnitude().orElseThrow().value().putScalar(1, Float.NaN);

    assertThatThrownBy(() -> dora.forward(x, true))
        .isInstanceOf(NumericalException.class)
        .hasMessageContaining("magnitude/norm")
        .hasMessageContaining("at step 2");
  }

  @Test
  void shouldRefuseBackwardWithoutTrainingForward() {
    AdaptedLinear dora = Adapters.wrap(base(DataType.FLOAT, 6, 5, 12), AdapterSpec.dora(2, 4));
    dora.forward(Nd4j.ones(DataType.FLOAT, 3, 5), false);

    assertThatThrownBy(() -> dora.backward(Nd4j.ones(DataType.FLOAT, 3, 6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a training forward");
  }
}
