package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.NativeMatrix;
import java.util.Arrays;

/**
 * The float32 paths of {@link DoraKernels}: the same results, with the rows of every pass split
 * over {@link KernelThreads} in cache-sized chunks (so DoRA's passes use the cores the GEMMs use).
 * Loops that read one array and write another index both by the loop counter alone, through
 * row-sized copies where needed: C2 leaves a loop scalar when it stores to one float array and
 * reads another at a different offset (2-4 ns instead of 0.3-0.9 ns an element, measured). Sums
 * over rows are kept per chunk and added in chunk order, so results do not depend on the thread
 * count.
 */
final class DoraFloatKernels {
  private DoraFloatKernels() {}

  /** Rows per chunk of the column dots (fixed, so their sums do not depend on the threads). */
  static final int DOT_ROWS = 32;

  /** Rows per chunk of a matrix with {@code cols} columns. */
  static int step(int cols) {
    return Math.max(1, HostBuffer.CHUNK / cols);
  }

  static int chunks(int rows, int step) {
    return (rows + step - 1) / step;
  }

  /** See {@link DoraKernels#keep}: row chunks copied by the kernel threads. */
  static void keep(NativeMatrix y, float[] cache) {
    int n = y.rows();
    int cols = y.cols();
    int step = step(cols);
    KernelThreads.split(
        chunks(n, step),
        (from, to, worker) -> {
          for (int r = from * step; r < Math.min(to * step, n); r += step) {
            y.rows(r, Math.min(step, n - r)).read(cache, r * cols);
          }
        });
  }

  /** See {@link DoraKernels#addScaledProjection}; {@code cMinusOne[j] = c[j] − 1}. */
  static void addScaledProjection(
      NativeMatrix y,
      NativeMatrix projection,
      float[] cMinusOne,
      float[] bias,
      float[] cache,
      HostBuffers scratch) {
    int n = y.rows();
    int cols = y.cols();
    int step = step(cols);
    KernelThreads.split(
        chunks(n, step),
        (from, to, worker) -> {
          float[] projected = new float[cols];
          float[] row = new float[cols];
          for (int r = from * step; r < Math.min(to * step, n); r += step) {
            int rows = Math.min(step, n - r);
            int len = rows * cols;
            float[] h = scratch.get(worker).floats(len);
            projection.rows(r, rows).read(cache, r * cols);
            NativeMatrix block = y.rows(r, rows);
            block.read(h, 0);
            for (int i = 0; i < len; i += cols) {
              System.arraycopy(cache, r * cols + i, projected, 0, cols);
              System.arraycopy(h, i, row, 0, cols);
              for (int j = 0; j < cols; j++) {
                row[j] += cMinusOne[j] * projected[j] + bias[j];
              }
              System.arraycopy(row, 0, h, i, cols);
            }
            block.write(h, 0);
          }
        });
  }

  /**
   * See {@link DoraKernels#columnDots}. The float64 sums are stored at the column index while g and
   * p are read at the row's offset: stores and loads of different array types, which C2 vectorises
   * (0.27 ns an element here), so no row copies are needed.
   */
  static double[] columnDots(NativeMatrix g, float[] cache, HostBuffers scratch, double[] partial) {
    int n = g.rows();
    int cols = g.cols();
    int chunks = chunks(n, DOT_ROWS);
    KernelThreads.split(
        chunks,
        (from, to, worker) -> {
          double[] sums = new double[cols];
          for (int k = from; k < to; k++) {
            int r = k * DOT_ROWS;
            int len = Math.min(DOT_ROWS, n - r) * cols;
            float[] h = scratch.get(worker).floats(len);
            g.rows(r, Math.min(DOT_ROWS, n - r)).read(h, 0);
            Arrays.fill(sums, 0);
            int at = r * cols;
            for (int i = 0; i < len; i += cols) {
              for (int j = 0; j < cols; j++) {
                sums[j] += h[i + j] * cache[at + i + j];
              }
            }
            System.arraycopy(sums, 0, partial, k * cols, cols);
          }
        });
    double[] d = new double[cols];
    for (int k = 0; k < chunks; k++) {
      for (int j = 0; j < cols; j++) {
        d[j] += partial[k * cols + j];
      }
    }
    return d;
  }
}
