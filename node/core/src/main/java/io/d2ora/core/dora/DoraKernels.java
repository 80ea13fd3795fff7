package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.NativeMatrix;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DoRA's element-wise passes, each one sweep over a heap copy: row norms of the direction, the
 * column scale of the output and its gradient, row scaling of weights. float32 and float64 paths;
 * sums in float64. Heap arrays come from the caller's {@link HostBuffer}s, so steps allocate
 * little.
 */
final class DoraKernels {
  private DoraKernels() {}

  /**
   * Reads V into {@code host} and sets {@code norm[j] = max(||V_j||, floor)}, the norm rounded to
   * V's data type (so the initial magnitude, computed the same way from W0, gives c = 1 exactly).
   */
  static void rowNorms(NativeMatrix v, HostBuffer host, double[] norm, double floor) {
    int rows = v.rows();
    int cols = v.cols();
    if (v.dataType() == DataType.FLOAT) {
      float[] h = host.floats(rows * cols);
      v.read(h, 0);
      for (int j = 0; j < rows; j++) {
        double s = 0;
        for (int i = j * cols; i < (j + 1) * cols; i++) {
          s += (double) h[i] * h[i];
        }
        norm[j] = Math.max((float) Math.sqrt(s), floor);
      }
    } else {
      double[] h = host.doubles(rows * cols);
      v.read(h, 0);
      for (int j = 0; j < rows; j++) {
        double s = 0;
        for (int i = j * cols; i < (j + 1) * cols; i++) {
          s += h[i] * h[i];
        }
        norm[j] = Math.max(Math.sqrt(s), floor);
      }
    }
  }

  /**
   * {@code y = p ⊙ c + bias} where y holds p on entry; keeps p in {@code cache} when not null.
   *
   * @param bias per column, or null
   */
  static void scaleColumns(
      NativeMatrix y, double[] c, double[] bias, HostBuffer cache, HostBuffer scratch) {
    int n = y.rows();
    int cols = y.cols();
    int size = n * cols;
    HostBuffer keep = cache != null ? cache : scratch;
    if (y.dataType() == DataType.FLOAT) {
      float[] p = keep.floats(size);
      float[] out = scratch.floats(cache != null ? size : 0);
      y.read(p, 0);
      float[] cf = toFloats(c);
      float[] bf = bias == null ? new float[cols] : toFloats(bias);
      float[] target = cache != null ? out : p;
      for (int i = 0; i < n; i++) {
        int o = i * cols;
        for (int j = 0; j < cols; j++) {
          target[o + j] = p[o + j] * cf[j] + bf[j];
        }
      }
      y.write(target, 0);
    } else {
      double[] p = keep.doubles(size);
      double[] out = scratch.doubles(cache != null ? size : 0);
      y.read(p, 0);
      double[] target = cache != null ? out : p;
      for (int i = 0; i < n; i++) {
        int o = i * cols;
        for (int j = 0; j < cols; j++) {
          target[o + j] = p[o + j] * c[j] + (bias == null ? 0 : bias[j]);
        }
      }
      y.write(target, 0);
    }
  }

  /** {@code y += (c − 1) ⊙ p + bias}, keeping p (the adapter projection x'·V^T) in cache. */
  static void addScaledProjection(
      NativeMatrix y,
      NativeMatrix projection,
      double[] c,
      double[] bias,
      HostBuffer cache,
      HostBuffer scratch) {
    int n = y.rows();
    int cols = y.cols();
    int size = n * cols;
    if (y.dataType() == DataType.FLOAT) {
      float[] p = cache.floats(size);
      float[] out = scratch.floats(size);
      projection.read(p, 0);
      y.read(out, 0);
      float[] cf = toFloats(c);
      float[] bf = bias == null ? new float[cols] : toFloats(bias);
      for (int i = 0; i < n; i++) {
        int o = i * cols;
        for (int j = 0; j < cols; j++) {
          out[o + j] += (cf[j] - 1) * p[o + j] + bf[j];
        }
      }
      y.write(out, 0);
    } else {
      double[] p = cache.doubles(size);
      double[] out = scratch.doubles(size);
      projection.read(p, 0);
      y.read(out, 0);
      for (int i = 0; i < n; i++) {
        int o = i * cols;
        for (int j = 0; j < cols; j++) {
          out[o + j] += (c[j] - 1) * p[o + j] + (bias == null ? 0 : bias[j]);
        }
      }
      y.write(out, 0);
    }
  }

  /** {@code d_j = sum_i g_ij p_ij} with p the cached projection. */
  static double[] columnDots(NativeMatrix g, HostBuffer cache, HostBuffer scratch) {
    int n = g.rows();
    int cols = g.cols();
    int size = n * cols;
    double[] d = new double[cols];
    if (g.dataType() == DataType.FLOAT) {
      float[] gh = scratch.floats(size);
      float[] p = cache.floats(size);
      g.read(gh, 0);
      for (int i = 0; i < n; i++) {
        int o = i * cols;
        for (int j = 0; j < cols; j++) {
          d[j] += gh[o + j] * p[o + j];
        }
      }
    } else {
      double[] gh = scratch.doubles(size);
      double[] p = cache.doubles(size);
      g.read(gh, 0);
      for (int i = 0; i < n; i++) {
        int o = i * cols;
        for (int j = 0; j < cols; j++) {
          d[j] += gh[o + j] * p[o + j];
        }
      }
    }
    return d;
  }

  /**
   * {@code dst = diag(k)·V − subtract}: the rows of the host copy of V scaled by k, minus an
   * optional matrix of the same shape.
   */
  static void scaleRows(
      HostBuffer v, double[] k, NativeMatrix subtract, NativeMatrix dst, HostBuffer scratch) {
    int rows = dst.rows();
    int cols = dst.cols();
    int size = rows * cols;
    if (dst.dataType() == DataType.FLOAT) {
      float[] h = v.floats(size);
      float[] out = scratch.floats(size);
      if (subtract != null) {
        subtract.read(out, 0);
      }
      for (int j = 0; j < rows; j++) {
        float kj = (float) k[j];
        int o = j * cols;
        for (int i = 0; i < cols; i++) {
          out[o + i] = kj * h[o + i] - (subtract != null ? out[o + i] : 0f);
        }
      }
      dst.write(out, 0);
    } else {
      double[] h = v.doubles(size);
      double[] out = scratch.doubles(size);
      if (subtract != null) {
        subtract.read(out, 0);
      }
      for (int j = 0; j < rows; j++) {
        int o = j * cols;
        for (int i = 0; i < cols; i++) {
          out[o + i] = k[j] * h[o + i] - (subtract != null ? out[o + i] : 0);
        }
      }
      dst.write(out, 0);
    }
  }

  /** {@code target += values} for a small matrix (gradients of vectors and factors). */
  static void addTo(NativeMatrix target, double[] values) {
    double[] t = target.toDoubles();
    for (int i = 0; i < t.length; i++) {
      t[i] += values[i];
    }
    target.fromDoubles(t);
  }

  /** {@code values[r·cols + c] *= k[r]} in place, for small matrices. */
  static double[] scaleRows(double[] values, double[] k, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        values[r * cols + c] *= k[r];
      }
    }
    return values;
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
