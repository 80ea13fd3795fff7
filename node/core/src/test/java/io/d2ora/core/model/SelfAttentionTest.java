package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.NativeMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Attention read head by head from the fused [n, 3H] buffer (2 sequences of 5 tokens, one padded to
 * 3; 2 heads of size 3) against the unfused float64 formula {@code softmax(Q K^T / sqrt(d) + mask)
 * V} written out per head, and its backward against central differences of {@code L = sum(context ⊙
 * G)}. Bounds: float64 forward within 1e-14, gradients within 1e-7 (relative) of finite
 * differences; float32 forward and gradients within 1e-6 of float64.
 */
class SelfAttentionTest {
  private static final int HEADS = 2;
  private static final int SIZE = 3;
  private static final int HIDDEN = HEADS * SIZE;
  private static final int SEQ = 5;
  private static final int[] LENGTHS = {5, 3};
  private static final int N = LENGTHS.length * SEQ;

  @Test
  void shouldMatchTheUnfusedFormulaAndFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(9);
    double[] qkv = values(random, N * 3 * HIDDEN);
    double[] g = values(random, N * HIDDEN);

    Result r64 = run(qkv, g, DataType.DOUBLE);
    Result r32 = run(qkv, g, DataType.FLOAT);

    double[] expected = reference(qkv);
    assertThat(maxDifference(r64.context, expected)).isLessThan(1e-14);
    assertThat(maxDifference(r32.context, expected)).isLessThan(1e-6);
    assertThat(maxDifference(r32.gradient, r64.gradient)).isLessThan(1e-6);
    double h = 1e-6;
    for (int k = 0; k < qkv.length; k += 7) {
      double saved = qkv[k];
      qkv[k] = saved + h;
      double up = dot(reference(qkv), g);
      qkv[k] = saved - h;
      double down = dot(reference(qkv), g);
      qkv[k] = saved;
      double numeric = (up - down) / (2 * h);
      assertThat(Math.abs(r64.gradient[k] - numeric) / Math.max(1e-6, Math.abs(numeric)))
          .as("dL/dqkv[%d]", k)
          .isLessThan(1e-7);
    }
  }

  @Test
  void shouldGiveIdenticalResultsOnOneAndTwoKernelThreads() {
    SplittableRandom random = new SplittableRandom(11);
    double[] qkv = values(random, N * 3 * HIDDEN);
    double[] g = values(random, N * HIDDEN);
    int saved = KernelThreads.count();
    Result[] results = new Result[2];
    try {
      for (int threads = 1; threads <= 2; threads++) {
        KernelThreads.configure(threads);
        results[threads - 1] = run(qkv, g, DataType.FLOAT);
      }
    } finally {
      KernelThreads.configure(saved);
    }
    assertThat(results[1].context()).isEqualTo(results[0].context());
    assertThat(results[1].gradient()).isEqualTo(results[0].gradient());
  }

  @Test
  void shouldLeaveBlocksThatWereNotAskedForUntouched() {
    SplittableRandom random = new SplittableRandom(10);
    double[] qkv = values(random, N * 3 * HIDDEN);
    SelfAttention attention = new SelfAttention(HEADS, SIZE, new HostBuffers());
    NativeMatrix probs = NativeMatrix.allocate(DataType.DOUBLE, N * HEADS, SEQ);
    NativeMatrix context = NativeMatrix.allocate(DataType.DOUBLE, N, HIDDEN);
    attention.forward(matrix(qkv, 3 * HIDDEN), LENGTHS, SEQ, probs, context, true);
    double[] sentinel = new double[N * 3 * HIDDEN];
    java.util.Arrays.fill(sentinel, 42);
    NativeMatrix dqkv = matrix(sentinel, 3 * HIDDEN);

    attention.backward(
        matrix(values(random, N * HIDDEN), HIDDEN),
        dqkv,
        NativeMatrix.allocate(DataType.DOUBLE, N * HEADS, SEQ),
        true,
        false,
        true);

    double[] d = dqkv.toDoubles();
    for (int row = 0; row < N; row++) {
      for (int c = HIDDEN; c < 2 * HIDDEN; c++) {
        assertThat(d[row * 3 * HIDDEN + c]).isEqualTo(42);
      }
      assertThat(d[row * 3 * HIDDEN]).isNotEqualTo(42);
    }
  }

  private record Result(double[] context, double[] gradient) {}

  private static Result run(double[] qkv, double[] g, DataType type) {
    SelfAttention attention = new SelfAttention(HEADS, SIZE, new HostBuffers());
    NativeMatrix q = NativeMatrix.allocate(type, N, 3 * HIDDEN);
    q.fromDoubles(qkv);
    NativeMatrix probs = NativeMatrix.allocate(type, N * HEADS, SEQ);
    NativeMatrix context = NativeMatrix.allocate(type, N, HIDDEN);
    attention.forward(q, LENGTHS, SEQ, probs, context, true);
    NativeMatrix dContext = NativeMatrix.allocate(type, N, HIDDEN);
    dContext.fromDoubles(g);
    NativeMatrix dqkv = NativeMatrix.allocate(type, N, 3 * HIDDEN);
    attention.backward(
        dContext, dqkv, NativeMatrix.allocate(type, N * HEADS, SEQ), true, true, true);
    return new Result(context.toDoubles(), dqkv.toDoubles());
  }

  /** Per sequence and head: scores, masked softmax over real keys, weighted sum of values. */
  private static double[] reference(double[] qkv) {
    double[] out = new double[N * HIDDEN];
    for (int b = 0; b < LENGTHS.length; b++) {
      for (int h = 0; h < HEADS; h++) {
        for (int i = 0; i < SEQ; i++) {
          double[] p = new double[LENGTHS[b]];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < p.length; j++) {
            for (int k = 0; k < SIZE; k++) {
              p[j] += at(qkv, b, i, h * SIZE + k) * at(qkv, b, j, HIDDEN + h * SIZE + k);
            }
            p[j] /= Math.sqrt(SIZE);
            max = Math.max(max, p[j]);
          }
          double total = 0;
          for (int j = 0; j < p.length; j++) {
            p[j] = Math.exp(p[j] - max);
            total += p[j];
          }
          for (int k = 0; k < SIZE; k++) {
            double sum = 0;
            for (int j = 0; j < p.length; j++) {
              sum += p[j] / total * at(qkv, b, j, 2 * HIDDEN + h * SIZE + k);
            }
            out[(b * SEQ + i) * HIDDEN + h * SIZE + k] = sum;
          }
        }
      }
    }
    return out;
  }

  private static double at(double[] qkv, int b, int t, int column) {
    return qkv[(b * SEQ + t) * 3 * HIDDEN + column];
  }

  private static NativeMatrix matrix(double[] values, int cols) {
    NativeMatrix m = NativeMatrix.allocate(DataType.DOUBLE, values.length / cols, cols);
    m.fromDoubles(values);
    return m;
  }

  private static double[] values(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (2 * random.nextDouble() - 1);
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double maxDifference(double[] a, double[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
