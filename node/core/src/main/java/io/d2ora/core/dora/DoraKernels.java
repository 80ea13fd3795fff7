package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.NativeMatrix;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DoRA's element-wise passes, each one sweep over native memory through heap chunks: the dropout
 * path's column-scaled projection, and the column dots of the magnitude's gradient against a heap
 * copy of the forward's projection. float32 paths in {@link DoraFloatKernels} (split over the
 * kernel threads); float64 paths here; sums in float64. Heap arrays come from the caller's {@link
 * HostBuffer}s, so steps allocate little.
 */
final class DoraKernels {
  private DoraKernels() {}

  /** Copies y into {@code cache} (rows back to back) for {@link #columnDots}. */
  static void keep(NativeMatrix y, HostBuffer cache) {
    int len = y.rows() * y.cols();
    if (y.dataType() == DataType.FLOAT) {
      DoraFloatKernels.keep(y, cache.floats(len));
    } else {
      y.read(cache.doubles(len), 0);
    }
  }

  /**
   * {@code y += (c − 1) ⊙ p + bias} (the dropout path's adapter projection p = x'·V^T), keeping p
   * in {@code cache} for {@link #columnDots}.
   */
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
    keep(projection, cache);
    double[] p = cache.doubles(n * cols);
    double[] row = scratch.get(0).doubles(cols);
    for (int r = 0; r < n; r++) {
      y.rows(r, 1).read(row, 0);
      for (int j = 0; j < cols; j++) {
        row[j] += (c[j] - 1) * p[r * cols + j] + bd[j];
      }
      y.rows(r, 1).write(row, 0);
    }
  }

  /**
   * {@code d_j = sum_i g_ij p_ij} with p kept in {@code cache}. float32: float64 sums per chunk of
   * {@link DoraFloatKernels#DOT_ROWS} rows (fixed, so the result does not depend on the thread
   * count), held in {@code partials} and added in chunk order; float64: one running sum a column.
   */
  static double[] columnDots(
      NativeMatrix g, HostBuffer cache, HostBuffers scratch, HostBuffer partials) {
    int n = g.rows();
    int cols = g.cols();
    double[] partial =
        partials.doubles(DoraFloatKernels.chunks(n, DoraFloatKernels.DOT_ROWS) * cols);
    if (g.dataType() == DataType.FLOAT) {
      return DoraFloatKernels.columnDots(g, cache.floats(n * cols), scratch, partial);
    }
    double[] p = cache.doubles(n * cols);
    double[] d = new double[cols];
    double[] h = scratch.get(0).doubles(cols);
    for (int i = 0; i < n; i++) {
      g.rows(i, 1).read(h, 0);
      for (int j = 0; j < cols; j++) {
        d[j] += h[j] * p[i * cols + j];
      }
    }
    return d;
  }

  /**
   * A small matrix widened to float64 into {@code host}'s arrays (reused: no allocation in steady
   * state); the first {@code rows·cols} values are the matrix.
   */
  static double[] read(NativeMatrix m, HostBuffer host) {
    int n = m.rows() * m.cols();
    double[] d = host.doubles(n);
    if (m.dataType() == DataType.DOUBLE) {
      m.read(d, 0);
      return d;
    }
    float[] f = host.floats(n);
    m.read(f, 0);
    for (int i = 0; i < n; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** The first {@code rows·cols} of {@code values} into a small matrix, through {@code host}. */
  static void write(double[] values, NativeMatrix m, HostBuffer host) {
    if (m.dataType() == DataType.DOUBLE) {
      m.write(values, 0);
      return;
    }
    int n = m.rows() * m.cols();
    float[] f = host.floats(n);
    for (int i = 0; i < n; i++) {
      f[i] = (float) values[i];
    }
    m.write(f, 0);
  }

  /** {@code target += diag(k)·src} for small matrices of one shape. */
  static void addScaledRows(
      NativeMatrix target, NativeMatrix src, double[] k, HostBuffers scratch) {
    int cols = target.cols();
    double[] t = read(target, scratch.get(0));
    double[] v = read(src, scratch.get(1));
    for (int r = 0; r < target.rows(); r++) {
      for (int c = 0; c < cols; c++) {
        t[r * cols + c] += k[r] * v[r * cols + c];
      }
    }
    write(t, target, scratch.get(0));
  }

  /** {@code target += values} for a small matrix (gradients of vectors and factors). */
  static void addTo(NativeMatrix target, double[] values) {
    double[] t = target.toDoubles();
    for (int i = 0; i < t.length; i++) {
      t[i] += values[i];
    }
    target.fromDoubles(t);
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
