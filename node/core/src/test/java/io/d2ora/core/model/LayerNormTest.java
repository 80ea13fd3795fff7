package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused residual + layer norm against the unfused float64 formula on 50 rows of 384 (three
 * chunks). Bounds: float64 forward within 1e-12 and its backward within 1e-7 (relative) of central
 * differences of {@code L = sum(y ⊙ G)}; float32 forward within 2e-6 and backward within 1e-6·(1 +
 * max|dx|) of the float64 results (measured 5.1e-7 and 1.7e-7 with max|dx| = 0.92).
 */
class LayerNormTest {
  private static final int ROWS = 50;
  private static final int WIDTH = 384;
  private static final double EPS = 1e-12;

  @Test
  void shouldMatchTheUnfusedFormulaInBothPrecisions() {
    Inputs in = new Inputs(1);
    double[] expected = reference(in.a, in.r, in.gamma, in.beta);

    double[] y64 = run(in, DataType.DOUBLE, null);
    double[] y32 = run(in, DataType.FLOAT, null);

    assertThat(maxDifference(y64, expected)).isLessThan(1e-12);
    assertThat(maxDifference(y32, expected)).isLessThan(2e-6);
  }

  @Test
  void shouldMatchFiniteDifferencesInFloat64AndFloat64WithinStatedBoundInFloat32() {
    Inputs in = new Inputs(2);
    double[] dx64 = run(in, DataType.DOUBLE, in.g);
    double[] dx32 = run(in, DataType.FLOAT, in.g);
    double h = 1e-6;
    for (int k : new int[] {0, 383, 384 * 21 + 7, ROWS * WIDTH - 1}) {
      double saved = in.a[k];
      in.a[k] = saved + h;
      double up = loss(reference(in.a, in.r, in.gamma, in.beta), in.g);
      in.a[k] = saved - h;
      double down = loss(reference(in.a, in.r, in.gamma, in.beta), in.g);
      in.a[k] = saved;
      double numeric = (up - down) / (2 * h);
      assertThat(Math.abs(dx64[k] - numeric) / Math.max(1e-6, Math.abs(numeric))).isLessThan(1e-7);
    }
    double scale = 0;
    for (double v : dx64) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertThat(maxDifference(dx32, dx64)).isLessThan(1e-6 * (1 + scale));
  }

  @Test
  void shouldRefuseBackwardWithoutTrainingForward() {
    LayerNorm norm = norm(new Inputs(3), DataType.FLOAT);
    NativeMatrix m = NativeMatrix.allocate(DataType.FLOAT, ROWS, WIDTH);
    norm.forward(m, null, m, false);

    assertThatThrownBy(() -> norm.backward(m, null, m))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a matching training forward");
  }

  /** Forward (gradient null) or backward of {@code dL/dy = g}, as float64 values. */
  private static double[] run(Inputs in, DataType type, double[] g) {
    LayerNorm norm = norm(in, type);
    NativeMatrix a = matrix(in.a, type);
    NativeMatrix r = matrix(in.r, type);
    NativeMatrix y = NativeMatrix.allocate(type, ROWS, WIDTH);
    norm.forward(a, r, y, g != null);
    if (g == null) {
      return y.toDoubles();
    }
    double[] half = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      half[i] = g[i] / 2;
    }
    NativeMatrix dx = NativeMatrix.allocate(type, ROWS, WIDTH);
    norm.backward(matrix(half, type), matrix(half, type), dx);
    return dx.toDoubles();
  }

  private static LayerNorm norm(Inputs in, DataType type) {
    return new LayerNorm(
        Parameter.frozen("g", Nd4j.createFromArray(in.gamma).castTo(type)),
        Parameter.frozen("b", Nd4j.createFromArray(in.beta).castTo(type)),
        EPS,
        new HostBuffers(),
        new HostBuffers());
  }

  private static NativeMatrix matrix(double[] values, DataType type) {
    NativeMatrix m = NativeMatrix.allocate(type, ROWS, WIDTH);
    m.fromDoubles(values);
    return m;
  }

  private static double[] reference(double[] a, double[] r, double[] gamma, double[] beta) {
    double[] y = new double[a.length];
    for (int row = 0; row < ROWS; row++) {
      double mean = 0;
      for (int j = 0; j < WIDTH; j++) {
        mean += a[row * WIDTH + j] + r[row * WIDTH + j];
      }
      mean /= WIDTH;
      double var = 0;
      for (int j = 0; j < WIDTH; j++) {
        double d = a[row * WIDTH + j] + r[row * WIDTH + j] - mean;
        var += d * d;
      }
      double inv = 1 / Math.sqrt(var / WIDTH + EPS);
      for (int j = 0; j < WIDTH; j++) {
        double s = a[row * WIDTH + j] + r[row * WIDTH + j];
        y[row * WIDTH + j] = (s - mean) * inv * gamma[j] + beta[j];
      }
    }
    return y;
  }

  private static double loss(double[] y, double[] g) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += y[i] * g[i];
    }
    return sum;
  }

  private static double maxDifference(double[] a, double[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  /** Inputs rounded to float32 once, so both precisions see the same values. */
  private static final class Inputs {
    final double[] a = new double[ROWS * WIDTH];
    final double[] r = new double[ROWS * WIDTH];
    final double[] g = new double[ROWS * WIDTH];
    final double[] gamma = new double[WIDTH];
    final double[] beta = new double[WIDTH];

    Inputs(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (2 * random.nextDouble() - 1 + 0.3);
        r[i] = (float) (random.nextDouble() - 0.5);
        g[i] = (float) (random.nextDouble() - 0.5);
      }
      for (int j = 0; j < WIDTH; j++) {
        gamma[j] = (float) (1 + 0.2 * (random.nextDouble() - 0.5));
        beta[j] = (float) (0.1 * (random.nextDouble() - 0.5));
      }
    }
  }
}
