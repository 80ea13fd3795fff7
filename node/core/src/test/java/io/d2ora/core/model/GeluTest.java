package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.NativeMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fused GELU against the unfused float64 formula {@code x·Phi(x)}, {@code Phi(x) + x·phi(x)}
 * (Phi by {@link Erf#accurate}, phi by Math.exp). Bounds for float32 on a 1e-5 grid over [-12, 12]:
 * value within 1.5e-6·max(1, |y|) (measured 1.24e-6: the rational erf's 4.2e-7 times |x|, plus
 * rounding), derivative within 3e-7 (measured 2.7e-7). The float64 derivative matches central
 * differences of the float64 value within 1e-9.
 */
class GeluTest {

  @Test
  void shouldMatchTheFloat64FormulaWithinStatedBoundsInFloat32() {
    int n = 2_400_001;
    float[] x = new float[n];
    double[] reference = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) ((i - 1_200_000) * 1e-5);
      reference[i] = x[i];
    }
    float[] derivative = new float[n];
    Gelu.forwardTraining(x, derivative, new int[n], n);
    double[] referenceDerivative = new double[n];
    Gelu.forward(reference, referenceDerivative, 0, n);

    double worstValue = 0;
    double worstDerivative = 0;
    for (int i = 0; i < n; i++) {
      worstValue =
          Math.max(worstValue, Math.abs(x[i] - reference[i]) / Math.max(1, Math.abs(reference[i])));
      worstDerivative = Math.max(worstDerivative, Math.abs(derivative[i] - referenceDerivative[i]));
    }
    assertThat(worstValue).isLessThan(1.5e-6);
    assertThat(worstDerivative).isLessThan(3e-7);
  }

  @Test
  void shouldHaveTheDerivativeOfItsValueInFloat64() {
    double h = 1e-5;
    for (double x = -8; x <= 8; x += 0.37) {
      double[] v = {x, x + h, x - h};
      double[] d = new double[3];
      Gelu.forward(v, d, 0, 3);
      assertThat(d[0])
          .isCloseTo((v[1] - v[2]) / (2 * h), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void shouldGiveTheSameResultThroughNativeMemoryAcrossChunks() {
    int rows = 2 * HostBuffer.CHUNK / 1536 + 3;
    SplittableRandom random = new SplittableRandom(5);
    float[] values = new float[rows * 1536];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (3 * (random.nextDouble() - 0.5));
    }
    NativeMatrix in = NativeMatrix.allocate(DataType.FLOAT, rows, 1536);
    in.write(values, 0);
    NativeMatrix out = NativeMatrix.allocate(DataType.FLOAT, rows, 1536);
    Gelu gelu = new Gelu(new HostBuffers());

    gelu.forward(in, out, true);
    gelu.backward(in, in);

    float[] expected = values.clone();
    float[] derivative = new float[values.length];
    Gelu.forwardTraining(expected, derivative, new int[values.length], values.length);
    float[] y = new float[values.length];
    out.read(y, 0);
    float[] dx = new float[values.length];
    in.read(dx, 0);
    for (int i = 0; i < values.length; i++) {
      assertThat(y[i]).isEqualTo(expected[i]);
      assertThat(dx[i]).isEqualTo(values[i] * derivative[i]);
    }
  }

  @Test
  void shouldGiveIdenticalResultsOnOneAndTwoKernelThreads() {
    int rows = 8 * HostBuffer.CHUNK / 1536;
    NativeMatrix in = NativeMatrix.allocate(DataType.FLOAT, rows, 1536);
    SplittableRandom random = new SplittableRandom(6);
    float[] values = new float[rows * 1536];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (4 * (random.nextDouble() - 0.5));
    }
    in.write(values, 0);
    int saved = KernelThreads.count();
    float[][] results = new float[2][];
    try {
      for (int threads = 1; threads <= 2; threads++) {
        KernelThreads.configure(threads);
        NativeMatrix out = NativeMatrix.allocate(DataType.FLOAT, rows, 1536);
        Gelu gelu = new Gelu(new HostBuffers());
        gelu.forward(in, out, true);
        gelu.backward(out, out);
        results[threads - 1] = new float[values.length];
        out.read(results[threads - 1], 0);
      }
    } finally {
      KernelThreads.configure(saved);
    }
    assertThat(results[1]).isEqualTo(results[0]);
  }

  @Test
  void shouldRefuseBackwardWithoutTrainingForward() {
    NativeMatrix m = NativeMatrix.allocate(DataType.FLOAT, 2, 3);
    Gelu gelu = new Gelu(new HostBuffers());
    gelu.forward(m, m, false);

    assertThatThrownBy(() -> gelu.backward(m, m))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a matching training forward");
  }
}
