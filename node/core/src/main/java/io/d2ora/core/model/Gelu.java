package io.d2ora.core.model;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.NativeMatrix;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The exact GELU of BERT (Hendrycks and Gimpel 2016): {@code gelu(x) = x·Phi(x) = 0.5·x·(1 + erf(x
 * / sqrt 2))}, derivative {@code Phi(x) + x·phi(x)}. Not the tanh approximation: the ONNX graph
 * uses Erf, and the parity test holds us to it.
 *
 * <p>One pass each way over a heap copy of the activations: the training forward stores the
 * derivative per element, so backward is one multiplication. float32 uses {@link Erf#approximate}
 * and {@link FloatExp} (vectorised; error bounds in {@code GeluTest}); float64 evaluates the
 * formulas with {@link Erf#accurate} and {@link Math#exp}.
 */
final class Gelu {
  private static final double INV_SQRT2 = 1 / Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private final HostBuffers scratch;
  private final HostBuffer derivative = new HostBuffer();
  private final HostBuffers chunk = new HostBuffers();
  private int cachedSize = -1;

  /**
   * @param scratch heap arrays per kernel worker, shared with the encoder's other kernels
   */
  Gelu(HostBuffers scratch) {
    this.scratch = scratch;
  }

  /** {@code out = gelu(in)}; {@code out} may be {@code in}. Rows are split over kernel threads. */
  void forward(NativeMatrix in, NativeMatrix out, boolean training) {
    int cols = in.cols();
    int size = in.rows() * cols;
    int step = Math.max(1, HostBuffer.CHUNK / cols);
    boolean single = in.dataType() == DataType.FLOAT;
    float[] cacheF = single && training ? derivative.floats(size) : null;
    double[] cacheD = !single && training ? derivative.doubles(size) : null;
    KernelThreads.split(
        (in.rows() + step - 1) / step,
        (from, to, worker) -> {
          HostBuffer s = scratch.get(worker);
          for (int r = from * step; r < Math.min(to * step, in.rows()); r += step) {
            int rows = Math.min(step, in.rows() - r);
            int len = rows * cols;
            if (single) {
              float[] x = s.floats(len);
              in.rows(r, rows).read(x, 0);
              if (training) {
                float[] d = chunk.get(worker).floats(len);
                forwardTraining(x, d, s.ints(len), len);
                System.arraycopy(d, 0, cacheF, r * cols, len);
              } else {
                forward(x, len);
              }
              out.rows(r, rows).write(x, 0);
            } else {
              double[] x = s.doubles(len);
              in.rows(r, rows).read(x, 0);
              forward(x, cacheD, r * cols, len);
              out.rows(r, rows).write(x, 0);
            }
          }
        });
    cachedSize = training ? size : -1;
  }

  /** {@code dx = dy ⊙ gelu'(x)} of the last training forward; {@code dx} may be {@code dy}. */
  void backward(NativeMatrix dy, NativeMatrix dx) {
    int cols = dy.cols();
    int size = dy.rows() * cols;
    if (size != cachedSize) {
      throw new IllegalStateException("GELU backward without a matching training forward");
    }
    int step = Math.max(1, HostBuffer.CHUNK / cols);
    boolean single = dy.dataType() == DataType.FLOAT;
    float[] cacheF = single ? derivative.floats(size) : null;
    double[] cacheD = single ? null : derivative.doubles(size);
    KernelThreads.split(
        (dy.rows() + step - 1) / step,
        (from, to, worker) -> {
          HostBuffer s = scratch.get(worker);
          for (int r = from * step; r < Math.min(to * step, dy.rows()); r += step) {
            int rows = Math.min(step, dy.rows() - r);
            int len = rows * cols;
            if (single) {
              float[] g = s.floats(len);
              float[] d = chunk.get(worker).floats(len);
              dy.rows(r, rows).read(g, 0);
              System.arraycopy(cacheF, r * cols, d, 0, len);
              multiply(g, d, len);
              dx.rows(r, rows).write(g, 0);
            } else {
              double[] g = s.doubles(len);
              dy.rows(r, rows).read(g, 0);
              for (int i = 0; i < len; i++) {
                g[i] *= cacheD[r * cols + i];
              }
              dx.rows(r, rows).write(g, 0);
            }
          }
        });
    cachedSize = -1;
  }

  /** In place: {@code x[i] = gelu(x[i])}. */
  static void forward(float[] x, int size) {
    for (int i = 0; i < size; i++) {
      float v = x[i];
      x[i] = v * (0.5f + 0.5f * Erf.approximate(v * (float) INV_SQRT2));
    }
  }

  /**
   * In place over {@code x[0, size)}, and {@code d[i] = gelu'(x[i])}; {@code bits} is scratch.
   * Every array is indexed by the loop counter alone, so C2 vectorises the loops (see {@link
   * FloatExp}).
   */
  static void forwardTraining(float[] x, float[] d, int[] bits, int size) {
    for (int i = 0; i < size; i++) {
      float v = x[i];
      d[i] = -0.5f * v * v;
    }
    FloatExp.inPlace(d, size, bits);
    for (int i = 0; i < size; i++) {
      float v = x[i];
      float cdf = 0.5f + 0.5f * Erf.approximate(v * (float) INV_SQRT2);
      d[i] = cdf + v * d[i] * (float) INV_SQRT_2PI;
      x[i] = v * cdf;
    }
  }

  /** float64: in place, and the derivative at {@code d[at + i]} when d is not null. */
  static void forward(double[] x, double[] d, int at, int size) {
    for (int i = 0; i < size; i++) {
      double v = x[i];
      double cdf = 0.5 + 0.5 * Erf.accurate(v * INV_SQRT2);
      if (d != null) {
        d[at + i] = cdf + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
      }
      x[i] = v * cdf;
    }
  }

  private static void multiply(float[] g, float[] d, int size) {
    for (int i = 0; i < size; i++) {
      g[i] *= d[i];
    }
  }
}
