package io.d2ora.core.model;

import io.d2ora.core.nn.HostBuffer;
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
  private final HostBuffer scratch;
  private final HostBuffer derivative = new HostBuffer();
  private int cachedSize = -1;

  /**
   * @param scratch heap arrays shared with other kernels run on the same thread
   */
  Gelu(HostBuffer scratch) {
    this.scratch = scratch;
  }

  /** {@code out = gelu(in)}; {@code out} may be {@code in}. */
  void forward(NativeMatrix in, NativeMatrix out, boolean training) {
    int size = in.rows() * in.cols();
    if (in.dataType() == DataType.FLOAT) {
      float[] x = scratch.floats(size);
      in.read(x, 0);
      if (training) {
        forwardTraining(x, derivative.floats(size), scratch.ints(size), size);
      } else {
        forward(x, size);
      }
      out.write(x, 0);
    } else {
      double[] x = scratch.doubles(size);
      in.read(x, 0);
      forward(x, training ? derivative.doubles(size) : null, size);
      out.write(x, 0);
    }
    cachedSize = training ? size : -1;
  }

  /** {@code dx = dy ⊙ gelu'(x)} of the last training forward; {@code dx} may be {@code dy}. */
  void backward(NativeMatrix dy, NativeMatrix dx) {
    int size = dy.rows() * dy.cols();
    if (size != cachedSize) {
      throw new IllegalStateException("GELU backward without a matching training forward");
    }
    if (dy.dataType() == DataType.FLOAT) {
      float[] g = scratch.floats(size);
      dy.read(g, 0);
      multiply(g, derivative.floats(size), size);
      dx.write(g, 0);
    } else {
      double[] g = scratch.doubles(size);
      dy.read(g, 0);
      double[] d = derivative.doubles(size);
      for (int i = 0; i < size; i++) {
        g[i] *= d[i];
      }
      dx.write(g, 0);
    }
    cachedSize = -1;
  }

  /** In place: {@code x[i] = gelu(x[i])}. */
  static void forward(float[] x, int size) {
    for (int i = 0; i < size; i++) {
      float v = x[i];
      x[i] = v * (0.5f + 0.5f * Erf.approximate(v * (float) INV_SQRT2));
    }
  }

  /** In place, and {@code derivative[i] = gelu'(x[i])}; {@code bits} is scratch. */
  static void forwardTraining(float[] x, float[] derivative, int[] bits, int size) {
    for (int i = 0; i < size; i++) {
      float v = x[i];
      derivative[i] = -0.5f * v * v;
    }
    FloatExp.inPlace(derivative, 0, size, bits);
    for (int i = 0; i < size; i++) {
      float v = x[i];
      float cdf = 0.5f + 0.5f * Erf.approximate(v * (float) INV_SQRT2);
      derivative[i] = cdf + v * derivative[i] * (float) INV_SQRT_2PI;
      x[i] = v * cdf;
    }
  }

  /** float64: in place, and the derivative when {@code derivative} is not null. */
  static void forward(double[] x, double[] derivative, int size) {
    for (int i = 0; i < size; i++) {
      double v = x[i];
      double cdf = 0.5 + 0.5 * Erf.accurate(v * INV_SQRT2);
      if (derivative != null) {
        derivative[i] = cdf + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
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
