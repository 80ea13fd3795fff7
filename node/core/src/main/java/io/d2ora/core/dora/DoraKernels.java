package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.NativeMatrix;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DoRA's element-wise passes, each one sweep over a heap copy: row norms of the direction, the
 * column scale of the output and its gradient, row scaling of weights. float32 paths in {@link
 * DoraFloatKernels} (split over the kernel threads); float64 paths here; sums in float64. Heap
 * arrays come from the caller's {@link HostBuffer}s, so steps allocate little.
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
      DoraFloatKernels.rowNorms(v, host.floats(rows * cols), norm, floor);
      return;
    }
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

  /**
   * {@code y = p ⊙ c + bias} where y holds p on entry; keeps p in {@code cache} when not null.
   *
   * @param bias per column, or null
   */
  static void scaleColumns(
      NativeMatrix y, double[] c, double[] bias, HostBuffer cache, HostBuffers scratch) {
    int n = y.rows();
    int cols = y.cols();
    if (y.dataType() == DataType.FLOAT) {
      float[] bf = bias == null ? new float[cols] : toFloats(bias);
      float[] kept = cache == null ? null : cache.floats(n * cols);
      DoraFloatKernels.scaleColumns(y, toFloats(c), bf, kept, scratch);
      return;
    }
    int step = DoraFloatKernels.step(cols);
    double[] bd = bias == null ? new double[cols] : bias;
    for (int r = 0; r < n; r += step) {
      int rows = Math.min(step, n - r);
      NativeMatrix block = y.rows(r, rows);
      double[] p = scratch.get(0).doubles(rows * cols);
      block.read(p, 0);
      if (cache != null) {
        System.arraycopy(p, 0, cache.doubles(n * cols), r * cols, rows * cols);
      }
      for (int i = 0; i < rows * cols; i += cols) {
        for (int j = 0; j < cols; j++) {
          p[i + j] = p[i + j] * c[j] + bd[j];
        }
      }
      block.write(p, 0);
    }
  }

  /** {@code y += (c − 1) ⊙ p + bias}, keeping p (the adapter projection x'·V^T) in cache. */
  static void addScaledProjection(
      NativeMatrix y,
      NativeMatrix projection,
      double[] c,
      double[] bias,
      HostBuffer cache,
      HostBuffers scratch) {
    int n = y.rows();
    int cols = y.cols();
    double[] bd = bias == null ? new double[cols] : bias;
    if (y.dataType() == DataType.FLOAT) {
      float[] cMinusOne = toFloats(c);
      for (int j = 0; j < cols; j++) {
        cMinusOne[j] -= 1;
      }
      DoraFloatKernels.addScaledProjection(
          y, projection, cMinusOne, toFloats(bd), cache.floats(n * cols), scratch);
      return;
    }
    int step = DoraFloatKernels.step(cols);
    for (int r = 0; r < n; r += step) {
      int rows = Math.min(step, n - r);
      int len = rows * cols;
      double[] p = scratch.get(0).doubles(2 * len);
      projection.rows(r, rows).read(p, 0);
      System.arraycopy(p, 0, cache.doubles(n * cols), r * cols, len);
      y.rows(r, rows).read(p, len);
      for (int i = 0; i < len; i += cols) {
        for (int j = 0; j < cols; j++) {
          p[len + i + j] += (c[j] - 1) * p[i + j] + bd[j];
        }
      }
      y.rows(r, rows).write(p, len);
    }
  }

  /** {@code d_j = sum_i g_ij p_ij} with p the cached projection. */
  static double[] columnDots(NativeMatrix g, HostBuffer cache, HostBuffers scratch) {
    int n = g.rows();
    int cols = g.cols();
    if (g.dataType() == DataType.FLOAT) {
      return DoraFloatKernels.columnDots(g, cache.floats(n * cols), scratch);
    }
    int step = DoraFloatKernels.step(cols);
    double[] d = new double[cols];
    double[] p = cache.doubles(n * cols);
    for (int r = 0; r < n; r += step) {
      int rows = Math.min(step, n - r);
      int at = r * cols;
      double[] gh = scratch.get(0).doubles(rows * cols);
      g.rows(r, rows).read(gh, 0);
      for (int i = 0; i < rows * cols; i += cols) {
        for (int j = 0; j < cols; j++) {
          d[j] += gh[i + j] * p[at + i + j];
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
      HostBuffer v, double[] k, NativeMatrix subtract, NativeMatrix dst, HostBuffers scratch) {
    int rows = dst.rows();
    int cols = dst.cols();
    if (dst.dataType() == DataType.FLOAT) {
      DoraFloatKernels.scaleRows(v.floats(rows * cols), k, subtract, dst, scratch);
      return;
    }
    int step = DoraFloatKernels.step(cols);
    double[] h = v.doubles(rows * cols);
    for (int r = 0; r < rows; r += step) {
      int n = Math.min(step, rows - r);
      double[] out = scratch.get(0).doubles(n * cols);
      if (subtract != null) {
        subtract.rows(r, n).read(out, 0);
      }
      for (int j = 0; j < n; j++) {
        int o = j * cols;
        int src = (r + j) * cols;
        for (int i = 0; i < cols; i++) {
          out[o + i] = k[r + j] * h[src + i] - (subtract != null ? out[o + i] : 0);
        }
      }
      dst.rows(r, n).write(out, 0);
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
