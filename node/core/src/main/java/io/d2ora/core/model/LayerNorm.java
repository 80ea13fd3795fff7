package io.d2ora.core.model;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Frozen layer normalisation over the last axis (Ba et al. 2016) with BERT's residual folded in:
 * {@code y = (s − mean) / sqrt(var + eps)·gamma + beta} with {@code s = a + residual} and the
 * biased variance, as in PyTorch. Backward returns dL/ds only (gamma and beta stay frozen):
 *
 * <pre>dx = invStd·(g − mean(g) − xhat·mean(g·xhat)),  g = dy·gamma</pre>
 *
 * <p>One pass per row over a heap copy, sums in float64 with four independent accumulators (so the
 * adds pipeline); the training forward keeps xhat and 1/std for backward.
 */
final class LayerNorm {
  private final float[] gammaF;
  private final float[] betaF;
  private final double[] gamma;
  private final double[] beta;
  private final double eps;
  private final int width;
  private final HostBuffer scratch;
  private final HostBuffer residualScratch;
  private final HostBuffer xhat = new HostBuffer();
  private final HostBuffer invStd = new HostBuffer();
  private int cachedRows = -1;

  /**
   * @param scratch heap arrays shared with other kernels run on the same thread
   * @param residualScratch a second shared scratch (holds the residual while reading)
   */
  LayerNorm(
      Parameter gamma, Parameter beta, double eps, HostBuffer scratch, HostBuffer residualScratch) {
    this.gamma = NativeMatrix.of(gamma.value()).toDoubles();
    this.beta = NativeMatrix.of(beta.value()).toDoubles();
    this.gammaF = toFloats(this.gamma);
    this.betaF = toFloats(this.beta);
    this.eps = eps;
    this.width = this.gamma.length;
    this.scratch = scratch;
    this.residualScratch = residualScratch;
  }

  int width() {
    return width;
  }

  /** {@code out = LN(a + residual)}; residual may be null; out may be a or residual. */
  void forward(NativeMatrix a, NativeMatrix residual, NativeMatrix out, boolean training) {
    int n = a.rows();
    int size = n * width;
    if (a.dataType() == DataType.FLOAT) {
      float[] x = scratch.floats(size);
      a.read(x, 0);
      if (residual != null) {
        float[] r = residualScratch.floats(size);
        residual.read(r, 0);
        for (int i = 0; i < size; i++) {
          x[i] += r[i];
        }
      }
      forward(x, n, out, training);
    } else {
      double[] x = scratch.doubles(size);
      a.read(x, 0);
      if (residual != null) {
        double[] r = residualScratch.doubles(size);
        residual.read(r, 0);
        for (int i = 0; i < size; i++) {
          x[i] += r[i];
        }
      }
      forward(x, n, out, training);
    }
  }

  /** {@code out = LN(x)} for rows already summed on the heap ({@code x} is overwritten). */
  void forward(float[] x, int n, NativeMatrix out, boolean training) {
    float[] cache = training ? xhat.floats(n * width) : null;
    double[] inv = invStd.doubles(n);
    for (int r = 0; r < n; r++) {
      int o = r * width;
      double mean = sum(x, o, width) / width;
      inv[r] = 1 / Math.sqrt(squaredDeviations(x, o, width, mean) / width + eps);
      float m = (float) mean;
      float s = (float) inv[r];
      if (cache != null) {
        for (int j = 0; j < width; j++) {
          float v = (x[o + j] - m) * s;
          cache[o + j] = v;
          x[o + j] = v * gammaF[j] + betaF[j];
        }
      } else {
        for (int j = 0; j < width; j++) {
          x[o + j] = (x[o + j] - m) * s * gammaF[j] + betaF[j];
        }
      }
    }
    out.write(x, 0);
    cachedRows = training ? n : -1;
  }

  /** float64 variant of {@link #forward(float[], int, NativeMatrix, boolean)}. */
  void forward(double[] x, int n, NativeMatrix out, boolean training) {
    double[] cache = training ? xhat.doubles(n * width) : null;
    double[] inv = invStd.doubles(n);
    for (int r = 0; r < n; r++) {
      int o = r * width;
      double mean = sum(x, o, width) / width;
      inv[r] = 1 / Math.sqrt(squaredDeviations(x, o, width, mean) / width + eps);
      for (int j = 0; j < width; j++) {
        double v = (x[o + j] - mean) * inv[r];
        if (cache != null) {
          cache[o + j] = v;
        }
        x[o + j] = v * gamma[j] + beta[j];
      }
    }
    out.write(x, 0);
    cachedRows = training ? n : -1;
  }

  /**
   * {@code dx = dL/ds} for {@code dL/dy = dy + extra} (extra may be null: a residual branch's
   * gradient joining here); dx may be dy or extra.
   */
  void backward(NativeMatrix dy, NativeMatrix extra, NativeMatrix dx) {
    int n = dy.rows();
    if (n != cachedRows) {
      throw new IllegalStateException("LayerNorm backward without a matching training forward");
    }
    int size = n * width;
    double[] inv = invStd.doubles(n);
    if (dy.dataType() == DataType.FLOAT) {
      float[] g = scratch.floats(size);
      dy.read(g, 0);
      if (extra != null) {
        float[] e = residualScratch.floats(size);
        extra.read(e, 0);
        for (int i = 0; i < size; i++) {
          g[i] += e[i];
        }
      }
      backward(g, xhat.floats(size), inv, n);
      dx.write(g, 0);
    } else {
      double[] g = scratch.doubles(size);
      dy.read(g, 0);
      if (extra != null) {
        double[] e = residualScratch.doubles(size);
        extra.read(e, 0);
        for (int i = 0; i < size; i++) {
          g[i] += e[i];
        }
      }
      backward(g, xhat.doubles(size), inv, n);
      dx.write(g, 0);
    }
    cachedRows = -1;
  }

  private void backward(float[] g, float[] xh, double[] inv, int n) {
    for (int r = 0; r < n; r++) {
      int o = r * width;
      double sumG = 0;
      double sumGx = 0;
      for (int j = 0; j < width; j++) {
        float gj = g[o + j] * gammaF[j];
        g[o + j] = gj;
        sumG += gj;
        sumGx += gj * xh[o + j];
      }
      float meanG = (float) (sumG / width);
      float meanGx = (float) (sumGx / width);
      float s = (float) inv[r];
      for (int j = 0; j < width; j++) {
        g[o + j] = s * (g[o + j] - meanG - xh[o + j] * meanGx);
      }
    }
  }

  private void backward(double[] g, double[] xh, double[] inv, int n) {
    for (int r = 0; r < n; r++) {
      int o = r * width;
      double sumG = 0;
      double sumGx = 0;
      for (int j = 0; j < width; j++) {
        double gj = g[o + j] * gamma[j];
        g[o + j] = gj;
        sumG += gj;
        sumGx += gj * xh[o + j];
      }
      double meanG = sumG / width;
      double meanGx = sumGx / width;
      for (int j = 0; j < width; j++) {
        g[o + j] = inv[r] * (g[o + j] - meanG - xh[o + j] * meanGx);
      }
    }
  }

  /** Sum of {@code x[o .. o + n)}; four accumulators so the float64 adds pipeline. */
  private static double sum(float[] x, int o, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      s0 += x[o + j];
      s1 += x[o + j + 1];
      s2 += x[o + j + 2];
      s3 += x[o + j + 3];
    }
    for (; j < n; j++) {
      s0 += x[o + j];
    }
    return s0 + s1 + s2 + s3;
  }

  /** Sum of {@code (x[o + j] − mean)²} for j < n. */
  private static double squaredDeviations(float[] x, int o, int n, double mean) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      double a = x[o + j] - mean;
      double b = x[o + j + 1] - mean;
      double c = x[o + j + 2] - mean;
      double d = x[o + j + 3] - mean;
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; j < n; j++) {
      double a = x[o + j] - mean;
      s0 += a * a;
    }
    return s0 + s1 + s2 + s3;
  }

  private static double sum(double[] x, int o, int n) {
    double s = 0;
    for (int j = 0; j < n; j++) {
      s += x[o + j];
    }
    return s;
  }

  private static double squaredDeviations(double[] x, int o, int n, double mean) {
    double s = 0;
    for (int j = 0; j < n; j++) {
      double d = x[o + j] - mean;
      s += d * d;
    }
    return s;
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
