package io.d2ora.core.dora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 kernels ({@link DoraFloatKernels}, split over kernel threads) against plain
 * single-threaded loops, on matrices of several chunks plus a partial one, with the output a column
 * block of a wider matrix as in the fused query/key/value GEMM; and a whole DoRA layer's forward
 * and backward, identical on one and two kernel threads and within float32's precision of float64.
 */
class DoraKernelsTest {
  private static final int COLS = 384;
  private static final int ROWS = 5 * DoraFloatKernels.step(COLS) + 7;

  private static float[] random(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (2 * random.nextDouble() - 1);
    }
    return v;
  }

  private static double[] randomDoubles(int n, long seed) {
    float[] f = random(n, seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = 1 + f[i];
    }
    return d;
  }

  private static NativeMatrix matrix(float[] values, int rows, int cols) {
    NativeMatrix m = NativeMatrix.allocate(DataType.FLOAT, rows, cols);
    m.write(values, 0);
    return m;
  }

  private static float[] read(NativeMatrix m) {
    float[] out = new float[m.rows() * m.cols()];
    m.read(out, 0);
    return out;
  }

  /** Runs {@code kernel} on 1 and 2 kernel threads; returns both results. */
  private static <T> T[] onOneAndTwoThreads(IntFunction<T[]> array, IntFunction<T> kernel) {
    int saved = KernelThreads.count();
    T[] results = array.apply(2);
    try {
      for (int threads = 1; threads <= 2; threads++) {
        KernelThreads.configure(threads);
        results[threads - 1] = kernel.apply(threads);
      }
    } finally {
      KernelThreads.configure(saved);
    }
    return results;
  }

  @Test
  void shouldAddTheScaledProjectionToAColumnBlock() {
    float[] wide = random(ROWS * 3 * COLS, 5);
    float[] p = random(ROWS * COLS, 6);
    double[] c = randomDoubles(COLS, 7);
    double[] bias = randomDoubles(COLS, 4);
    float[][] results =
        onOneAndTwoThreads(
            float[][]::new,
            threads -> {
              NativeMatrix all = matrix(wide, ROWS, 3 * COLS);
              HostBuffer cache = new HostBuffer();
              DoraKernels.addScaledProjection(
                  all.columns(COLS, COLS),
                  matrix(p, ROWS, COLS),
                  c,
                  bias,
                  cache,
                  new HostBuffers());
              assertThat(java.util.Arrays.copyOf(cache.floats(0), p.length)).isEqualTo(p);
              return read(all);
            });
    assertThat(results[1]).isEqualTo(results[0]);
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < 3 * COLS; j++) {
        int at = i * 3 * COLS + j;
        int col = j - COLS;
        float expected =
            col >= 0 && col < COLS
                ? wide[at] + (((float) c[col] - 1) * p[i * COLS + col] + (float) bias[col])
                : wide[at];
        assertThat(results[0][at]).isEqualTo(expected);
      }
    }
  }

  @Test
  void shouldSumColumnDotsOverAllRowsOfAColumnBlock() {
    float[] wide = random(ROWS * 3 * COLS, 8);
    float[] p = random(ROWS * COLS, 9);
    double[][] results =
        onOneAndTwoThreads(
            double[][]::new,
            threads -> {
              HostBuffer cache = new HostBuffer();
              DoraKernels.keep(matrix(p, ROWS, COLS), cache);
              return DoraKernels.columnDots(
                  matrix(wide, ROWS, 3 * COLS).columns(COLS, COLS),
                  cache,
                  new HostBuffers(),
                  new HostBuffer());
            });
    assertThat(results[1]).isEqualTo(results[0]);
    for (int j = 0; j < COLS; j++) {
      double expected = 0;
      for (int i = 0; i < ROWS; i++) {
        expected += wide[i * 3 * COLS + COLS + j] * p[i * COLS + j];
      }
      assertThat(results[0][j]).isCloseTo(expected, within(1e-9 * (1 + Math.abs(expected))));
    }
  }

  @Test
  void shouldTrainADoraLayerIdenticallyOnOneAndTwoKernelThreads() {
    for (double dropout : new double[] {0, 0.1}) {
      float[][] results =
          onOneAndTwoThreads(
              float[][]::new,
              threads -> {
                Nd4j.getRandom().setSeed(13);
                INDArray w = Nd4j.randn(DataType.FLOAT, COLS, COLS).muli(0.05);
                INDArray b = Nd4j.randn(DataType.FLOAT, COLS).muli(0.1);
                Linear base = Linear.frozen("encoder.layer.0.attention.self.query", w, b);
                AdaptedLinear dora =
                    Adapters.wrap(
                        base, AdapterSpec.builder().rank(8).alpha(16).dropout(dropout).build());
                dora.loraB().value().assign(Nd4j.randn(DataType.FLOAT, COLS, 8).muli(0.1));
                INDArray x = Nd4j.randn(DataType.FLOAT, ROWS, COLS);
                INDArray y = dora.forward(x, true);
                INDArray g = Nd4j.randn(DataType.FLOAT, ROWS, COLS);
                INDArray gx = dora.backward(g);
                return concat(
                    y,
                    gx,
                    dora.loraA().grad(),
                    dora.loraB().grad(),
                    dora.magnitude().orElseThrow().grad());
              });
      assertThat(results[1]).as("dropout %s", dropout).isEqualTo(results[0]);
    }
  }

  /** One training step of a layer in {@code type}: output, input gradient, A, B, m gradients. */
  private static double[][] trainStep(DataType type, double dropout, boolean detachNorm) {
    Nd4j.getRandom().setSeed(21);
    INDArray w = Nd4j.randn(DataType.DOUBLE, COLS, 2 * COLS).muli(0.05);
    INDArray bias = Nd4j.randn(DataType.DOUBLE, COLS).muli(0.1);
    INDArray bFactor = Nd4j.randn(DataType.DOUBLE, COLS, 8).muli(0.1);
    INDArray x = Nd4j.randn(DataType.DOUBLE, ROWS, 2 * COLS);
    INDArray g = Nd4j.randn(DataType.DOUBLE, ROWS, COLS);
    Linear base =
        Linear.frozen("encoder.layer.0.intermediate.dense", w.castTo(type), bias.castTo(type));
    AdapterSpec spec =
        AdapterSpec.builder().rank(8).alpha(16).dropout(dropout).detachNorm(detachNorm).build();
    AdaptedLinear dora = Adapters.wrap(base, spec);
    dora.loraB().value().assign(bFactor.castTo(type));
    dora.magnitude().orElseThrow().value().muli(1.25);
    INDArray y = dora.forward(x.castTo(type), true);
    INDArray gx = dora.backward(g.castTo(type));
    INDArray[] all = {
      y, gx, dora.loraA().grad(), dora.loraB().grad(), dora.magnitude().orElseThrow().grad()
    };
    double[][] out = new double[all.length][];
    for (int i = 0; i < all.length; i++) {
      out[i] = all[i].castTo(DataType.DOUBLE).data().asDouble();
    }
    return out;
  }

  @Test
  void shouldTrainInFloat32AsInFloat64() {
    for (double dropout : new double[] {0, 0.1}) {
      for (boolean detach : new boolean[] {true, false}) {
        double[][] single = trainStep(DataType.FLOAT, dropout, detach);
        double[][] reference = trainStep(DataType.DOUBLE, dropout, detach);
        for (int t = 0; t < single.length; t++) {
          double scale = 0;
          for (double v : reference[t]) {
            scale = Math.max(scale, Math.abs(v));
          }
          for (int i = 0; i < single[t].length; i++) {
            assertThat(single[t][i])
                .as("dropout %s, detach %s, tensor %d, element %d", dropout, detach, t, i)
                .isCloseTo(reference[t][i], within(1e-4 * (1 + scale)));
          }
        }
      }
    }
  }

  private static float[] concat(INDArray... arrays) {
    int n = 0;
    for (INDArray a : arrays) {
      n += (int) a.length();
    }
    float[] out = new float[n];
    int at = 0;
    for (INDArray a : arrays) {
      float[] f = a.dup().data().asFloat();
      System.arraycopy(f, 0, out, at, f.length);
      at += f.length;
    }
    return out;
  }
}
