package io.d2ora.core.model;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
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
  /** gamma and beta repeated once per row of a chunk, so loops index them like the chunk. */
  private final float[] gammaTiled;

  private final float[] betaTiled;
  private final int chunkRows;
  private final double[] gamma;
  private final double[] beta;
  private final double eps;
  private final int width;
  private final HostBuffers scratch;
  private final HostBuffers residualScratch;
  private final HostBuffer xhat = new HostBuffer();
  private final HostBuffer invStd = new HostBuffer();
  private final HostBuffers chunk = new HostBuffers();
  private int cachedRows = -1;

  /**
   * @param scratch heap arrays per kernel worker, shared with the encoder's other kernels
   * @param residualScratch a second such set (holds the residual while reading)
   */
  LayerNorm(
      Parameter gamma,
      Parameter beta,
      double eps,
      HostBuffers scratch,
      HostBuffers residualScratch) {
    this.gamma = NativeMatrix.of(gamma.value()).toDoubles();
    this.beta = NativeMatrix.of(beta.value()).toDoubles();
    this.eps = eps;
    this.width = this.gamma.length;
    this.chunkRows = Math.max(1, HostBuffer.CHUNK / width);
    this.gammaTiled = tile(this.gamma, chunkRows);
    this.betaTiled = tile(this.beta, chunkRows);
    this.scratch = scratch;
    this.residualScratch = residualScratch;
  }

  int width() {
    return width;
  }

  /** {@code out = LN(a + residual)}; residual may be null; out may be a or residual. */
  void forward(NativeMatrix a, NativeMatrix residual, NativeMatrix out, boolean training) {
    int n = a.rows();
    double[] inv = invStd.doubles(n);
    boolean single = a.dataType() == DataType.FLOAT;
    float[] cacheF = single && training ? xhat.floats(n * width) : null;
    double[] cacheD = !single && training ? xhat.doubles(n * width) : null;
    KernelThreads.split(
        (n + chunkRows - 1) / chunkRows,
        (from, to, worker) -> {
          for (int r = from * chunkRows; r < Math.min(to * chunkRows, n); r += chunkRows) {
            int rows = Math.min(chunkRows, n - r);
            int len = rows * width;
            if (single) {
              float[] x = scratch.get(worker).floats(len);
              a.rows(r, rows).read(x, 0);
              if (residual != null) {
                float[] e = residualScratch.get(worker).floats(len);
                residual.rows(r, rows).read(e, 0);
                add(x, e, len);
              }
              float[] xh = training ? chunk.get(worker).floats(len) : null;
              normalize(x, xh, rows, inv, r);
              if (training) {
                System.arraycopy(xh, 0, cacheF, r * width, len);
              }
              out.rows(r, rows).write(x, 0);
            } else {
              double[] x = scratch.get(worker).doubles(len);
              a.rows(r, rows).read(x, 0);
              if (residual != null) {
                double[] e = residualScratch.get(worker).doubles(len);
                residual.rows(r, rows).read(e, 0);
                for (int i = 0; i < len; i++) {
                  x[i] += e[i];
                }
              }
              normalize(x, cacheD, r, rows, inv);
              out.rows(r, rows).write(x, 0);
            }
          }
        });
    cachedRows = training ? n : -1;
  }

  /** Normalises {@code rows} rows of x in place; xhat goes to xh (same layout) when not null. */
  private void normalize(float[] x, float[] xh, int rows, double[] inv, int first) {
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      double mean = sum(x, o, width) / width;
      double s = 1 / Math.sqrt(squaredDeviations(x, o, width, mean) / width + eps);
      inv[first + r] = s;
      float m = (float) mean;
      float sf = (float) s;
      if (xh != null) {
        for (int i = o; i < o + width; i++) {
          float v = (x[i] - m) * sf;
          xh[i] = v;
          x[i] = v * gammaTiled[i] + betaTiled[i];
        }
      } else {
        for (int i = o; i < o + width; i++) {
          x[i] = (x[i] - m) * sf * gammaTiled[i] + betaTiled[i];
        }
      }
    }
  }

  /** float64: rows {@code [first, first + rows)}, xhat into the cache when not null. */
  private void normalize(double[] x, double[] cache, int first, int rows, double[] inv) {
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      double mean = sum(x, o, width) / width;
      double s = 1 / Math.sqrt(squaredDeviations(x, o, width, mean) / width + eps);
      inv[first + r] = s;
      for (int j = 0; j < width; j++) {
        double v = (x[o + j] - mean) * s;
        if (cache != null) {
          cache[(first + r) * width + j] = v;
        }
        x[o + j] = v * gamma[j] + beta[j];
      }
    }
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
    double[] inv = invStd.doubles(n);
    boolean single = dy.dataType() == DataType.FLOAT;
    float[] cacheF = single ? xhat.floats(n * width) : null;
    double[] cacheD = single ? null : xhat.doubles(n * width);
    KernelThreads.split(
        (n + chunkRows - 1) / chunkRows,
        (from, to, worker) -> {
          for (int r = from * chunkRows; r < Math.min(to * chunkRows, n); r += chunkRows) {
            int rows = Math.min(chunkRows, n - r);
            int len = rows * width;
            if (single) {
              float[] g = scratch.get(worker).floats(len);
              dy.rows(r, rows).read(g, 0);
              if (extra != null) {
                float[] e = residualScratch.get(worker).floats(len);
                extra.rows(r, rows).read(e, 0);
                add(g, e, len);
              }
              float[] xh = chunk.get(worker).floats(len);
              System.arraycopy(cacheF, r * width, xh, 0, len);
              backward(g, xh, inv, r, rows);
              dx.rows(r, rows).write(g, 0);
            } else {
              double[] g = scratch.get(worker).doubles(len);
              dy.rows(r, rows).read(g, 0);
              if (extra != null) {
                double[] e = residualScratch.get(worker).doubles(len);
                extra.rows(r, rows).read(e, 0);
                for (int i = 0; i < len; i++) {
                  g[i] += e[i];
                }
              }
              backward(g, cacheD, inv, r, rows);
              dx.rows(r, rows).write(g, 0);
            }
          }
        });
    cachedRows = -1;
  }

  /** Rows {@code [first, first + rows)}: g (chunk) and xh (same layout) in, dL/ds into g. */
  private void backward(float[] g, float[] xh, double[] inv, int first, int rows) {
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      for (int i = o; i < o + width; i++) {
        g[i] *= gammaTiled[i];
      }
      double sumG = sum(g, o, width);
      double sumGx = dot(g, xh, o, width);
      float meanG = (float) (sumG / width);
      float meanGx = (float) (sumGx / width);
      float s = (float) inv[first + r];
      for (int i = o; i < o + width; i++) {
        g[i] = s * (g[i] - meanG - xh[i] * meanGx);
      }
    }
  }

  private void backward(double[] g, double[] xh, double[] inv, int first, int rows) {
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      int c = (first + r) * width;
      double sumG = 0;
      double sumGx = 0;
      for (int j = 0; j < width; j++) {
        double gj = g[o + j] * gamma[j];
        g[o + j] = gj;
        sumG += gj;
        sumGx += gj * xh[c + j];
      }
      double meanG = sumG / width;
      double meanGx = sumGx / width;
      for (int j = 0; j < width; j++) {
        g[o + j] = inv[first + r] * (g[o + j] - meanG - xh[c + j] * meanGx);
      }
    }
  }

  private static void add(float[] x, float[] e, int size) {
    for (int i = 0; i < size; i++) {
      x[i] += e[i];
    }
  }

  /** {@code sum(a[o + j] · b[o + j])} for j < n, four accumulators. */
  private static double dot(float[] a, float[] b, int o, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = o;
    for (; j + 4 <= o + n; j += 4) {
      s0 += a[j] * b[j];
      s1 += a[j + 1] * b[j + 1];
      s2 += a[j + 2] * b[j + 2];
      s3 += a[j + 3] * b[j + 3];
    }
    for (; j < o + n; j++) {
      s0 += a[j] * b[j];
    }
    return s0 + s1 + s2 + s3;
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

  private static float[] tile(double[] values, int times) {
    float[] out = new float[values.length * times];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i % values.length];
    }
    return out;
  }
}
