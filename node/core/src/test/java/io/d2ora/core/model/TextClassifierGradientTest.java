package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.dora.AdaptedLinear;
import io.d2ora.core.dora.AdapterMode;
import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference checks of the hand-written backward pass through the whole classifier (pooling,
 * every layer norm, GELU, attention with padding, residuals) on a tiny random BERT in float64:
 * analytic gradients of every adapter and head parameter agree with central differences. DoRA is
 * checked with the norm differentiated (detachNorm = false), the mode in which the gradient is
 * exact.
 */
class TextClassifierGradientTest {
  private static final int[] LABELS = {0, 1, 1};
  private static final double H = 1e-6;

  @ParameterizedTest
  @EnumSource(AdapterMode.class)
  void shouldMatchFiniteDifferencesForEveryTrainableParameter(AdapterMode mode) {
    assertThat(worstError(mode, List.of("query", "key", "value", "dense"))).isLessThan(1e-6);
  }

  /**
   * Query and value only: the frozen maps' inputs live in buffers shared between blocks, and the
   * lowest block forms no input gradient; the gradients must not notice.
   */
  @Test
  void shouldMatchFiniteDifferencesWithQueryAndValueAdaptersOnly() {
    assertThat(worstError(AdapterMode.DORA, List.of("query", "value"))).isLessThan(1e-6);
  }

  private static double worstError(AdapterMode mode, List<String> targets) {
    AdapterSpec spec =
        AdapterSpec.builder()
            .mode(mode)
            .rank(2)
            .alpha(4)
            .detachNorm(false)
            .targetModules(targets)
            .build();
    TextClassifier model =
        TextClassifier.create(
            BaseModel.of(TinyBert.checkpoint(7), null), spec, 2, 0.0, 3, DataType.DOUBLE);
    randomizeB(model, 11);
    TokenBatch batch = TinyBert.batch();

    model.trainableParameters().forEach(Parameter::zeroGrad);
    model.backward(SoftmaxCrossEntropy.compute(model.forward(batch, true), LABELS, 1).gradient());

    double worst = 0;
    for (Parameter p : model.trainableParameters()) {
      INDArray v = p.value().reshape(p.value().length());
      INDArray g = p.grad().reshape(p.grad().length());
      for (long i : new long[] {v.length() / 3, v.length() - 1}) {
        double old = v.getDouble(i);
        v.putScalar(i, old + H);
        double up = loss(model, batch);
        v.putScalar(i, old - H);
        double down = loss(model, batch);
        v.putScalar(i, old);
        double numeric = (up - down) / (2 * H);
        double analytic = g.getDouble(i);
        double error =
            Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
        worst = Math.max(worst, error);
      }
    }
    return worst;
  }

  /**
   * The float32 path (rational erf, vectorised exp, float kernels) against the float64 one, whose
   * gradients the test above checks: every trainable gradient within 1e-4·(1 + max|g|) (measured
   * 3e-6).
   */
  @ParameterizedTest
  @EnumSource(AdapterMode.class)
  void shouldMatchFloat64GradientsInFloat32(AdapterMode mode) {
    AdapterSpec spec =
        AdapterSpec.builder()
            .mode(mode)
            .rank(2)
            .alpha(4)
            .targetModules(List.of("query", "key", "value", "dense"))
            .build();
    List<List<Parameter>> params = new java.util.ArrayList<>();
    for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
      TextClassifier model =
          TextClassifier.create(BaseModel.of(TinyBert.checkpoint(7), null), spec, 2, 0.0, 3, type);
      randomizeB(model, 11);
      model.trainableParameters().forEach(Parameter::zeroGrad);
      model.backward(
          SoftmaxCrossEntropy.compute(model.forward(TinyBert.batch(), true), LABELS, 1).gradient());
      params.add(model.trainableParameters());
    }
    for (int i = 0; i < params.get(0).size(); i++) {
      INDArray g64 = params.get(0).get(i).grad();
      INDArray g32 = params.get(1).get(i).grad().castTo(DataType.DOUBLE);
      double scale = 1 + g64.amaxNumber().doubleValue();
      assertThat(g32.sub(g64).amaxNumber().doubleValue())
          .as(params.get(0).get(i).name())
          .isLessThan(1e-4 * scale);
    }
  }

  @Test
  void shouldEqualTheBaseModelWhenDoraFactorBIsZero() {
    BaseModel base = BaseModel.of(TinyBert.checkpoint(7), null);
    AdapterSpec all =
        AdapterSpec.builder()
            .rank(2)
            .targetModules(List.of("query", "key", "value", "dense"))
            .build();
    INDArray plain = base.encoder(null, DataType.DOUBLE).forward(TinyBert.batch(), false);
    INDArray adapted = base.encoder(all, DataType.DOUBLE).forward(TinyBert.batch(), false);
    assertThat(adapted.sub(plain).amaxNumber().doubleValue()).isLessThan(1e-12);
  }

  private static double loss(TextClassifier model, TokenBatch batch) {
    return SoftmaxCrossEntropy.compute(model.forward(batch, false), LABELS, 1).loss();
  }

  private static void randomizeB(TextClassifier model, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (AdaptedLinear layer : model.encoder().adaptedLayers()) {
      INDArray b = layer.loraB().value();
      for (long i = 0; i < b.length(); i++) {
        b.reshape(b.length()).putScalar(i, 0.3 * (r.nextDouble() - 0.5));
      }
    }
  }
}
