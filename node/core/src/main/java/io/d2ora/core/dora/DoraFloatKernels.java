package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.NativeMatrix;
import java.util.Arrays;

/**
 * The float32 paths of {@link DoraKernels}: the same results, with the rows of every pass split
 * over {@link KernelThreads} in cache-sized chunks (so DoRA's passes use the cores the GEMMs use)
 * and sums of squares on four independent float64 chains (a single chain waits on each add). Row
 * loops run on row-sized copies indexed by the loop counter alone: C2 leaves a loop scalar when it
 * stores to one float array and reads another at a different offset (2-4 ns instead of 0.3-0.9 ns
 * an element, measured). Sums over rows are kept per chunk and added in chunk order, so results do
 * not depend on the thread count.
 */
final class DoraFloatKernels {
  private DoraFloatKernels() {}

  /** Rows per chunk of a matrix with {@code cols} columns. */
  static int step(int cols) {
    return Math.max(1, HostBuffer.CHUNK / cols);
  }

  private static int chunks(int rows, int step) {
    return (rows + step - 1) / step;
  }

  /** See {@link DoraKernels#rowNorms}; {@code h} receives V (rows back to back). */
  static void rowNorms(NativeMatrix v, float[] h, double[] norm, double floor) {
    int rows = v.rows();
    int cols = v.cols();
    int step = step(cols);
    KernelThreads.split(
        chunks(rows, step),
        (from, to, worker) -> {
          for (int r = from * step; r < Math.min(to * step, rows); r += step) {
            int count = Math.min(step, rows - r);
            v.rows(r, count).read(h, r * cols);
            for (int j = r; j < r + count; j++) {
              norm[j] = Math.max((float) Math.sqrt(sumOfSquares(h, j * cols, cols)), floor);
            }
          }
        });
  }

  /**
   * One pass over W0 for a training forward: {@code V = W0 + s·B·A} (rank-r updates of each row in
   * the chunk, so V is formed where it is read), its row norms and {@code c = m / n} exactly as
   * {@link #rowNorms} gives them, V written for the forward product and {@code c ⊙ V −
   * W0·[minusW0]} for backward's. Replaces a native copy, a GEMM into it, a read of V and, in
   * backward, a second pass over a heap copy of V.
   *
   * @param a the rows of A {@code [r, in]}
   * @param b B {@code [out, r]}
   * @param host receives V when not null (for the norm's own gradient and merging)
   * @param scaled receives {@code c ⊙ V} (minus W0 when {@code minusW0}) when not null
   */
  static void formDirection(
      NativeMatrix w0,
      float[][] a,
      float[] b,
      float s,
      double[] m,
      double floor,
      NativeMatrix v,
      float[] host,
      NativeMatrix scaled,
      boolean minusW0,
      double[] norm,
      double[] scale,
      HostBuffers scratch) {
    int rows = v.rows();
    int cols = v.cols();
    int rank = a.length;
    int step = step(cols);
    KernelThreads.split(
        chunks(rows, step),
        (from, to, worker) -> {
          float[] vRow = new float[cols];
          float[] wRow = new float[cols];
          for (int r = from * step; r < Math.min(to * step, rows); r += step) {
            int count = Math.min(step, rows - r);
            int len = count * cols;
            float[] buf = scratch.get(worker).floats(2 * len);
            w0.rows(r, count).read(buf, len);
            for (int j = 0; j < count; j++) {
              int row = r + j;
              System.arraycopy(buf, len + j * cols, wRow, 0, cols);
              directionRow(vRow, wRow, a, b, row * rank, s);
              norm[row] = Math.max((float) Math.sqrt(sumOfSquares(vRow, 0, cols)), floor);
              scale[row] = m[row] / norm[row];
              System.arraycopy(vRow, 0, buf, j * cols, cols);
              if (scaled != null) {
                scaleRow(vRow, wRow, (float) scale[row], minusW0);
                System.arraycopy(wRow, 0, buf, len + j * cols, cols);
              }
            }
            v.rows(r, count).write(buf, 0);
            if (host != null) {
              System.arraycopy(buf, 0, host, r * cols, len);
            }
            if (scaled != null) {
              scaled.rows(r, count).write(buf, len);
            }
          }
        });
  }

  /**
   * {@code v = w + s · sum_k b[bAt + k] · a[k]}: one row of W0 + s·B·A. Every loop indexes its
   * arrays by the loop counter alone, so C2 vectorises it.
   */
  private static void directionRow(float[] v, float[] w, float[][] a, float[] b, int bAt, float s) {
    Arrays.fill(v, 0f);
    for (int k = 0; k < a.length; k++) {
      float bk = b[bAt + k];
      float[] ak = a[k];
      for (int i = 0; i < v.length; i++) {
        v[i] += bk * ak[i];
      }
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = w[i] + s * v[i];
    }
  }

  /** {@code w = c·v − w} when {@code minusW}, else {@code w = c·v}. */
  private static void scaleRow(float[] v, float[] w, float c, boolean minusW) {
    if (minusW) {
      for (int i = 0; i < v.length; i++) {
        w[i] = c * v[i] - w[i];
      }
    } else {
      for (int i = 0; i < v.length; i++) {
        w[i] = c * v[i];
      }
    }
  }

  /** {@code sum (double) h[i]^2} over {@code [from, from + len)}, on four chains. */
  static double sumOfSquares(float[] h, int from, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int end = from + len;
    int i = from;
    for (; i + 3 < end; i += 4) {
      s0 += (double) h[i] * h[i];
      s1 += (double) h[i + 1] * h[i + 1];
      s2 += (double) h[i + 2] * h[i + 2];
      s3 += (double) h[i + 3] * h[i + 3];
    }
    for (; i < end; i++) {
      s0 += (double) h[i] * h[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** See {@link DoraKernels#scaleColumns}. */
  static void scaleColumns(
      NativeMatrix y, float[] c, float[] bias, float[] cache, HostBuffers scratch) {
    int n = y.rows();
    int cols = y.cols();
    int step = step(cols);
    KernelThreads.split(
        chunks(n, step),
        (from, to, worker) -> {
          float[] row = new float[cols];
          for (int r = from * step; r < Math.min(to * step, n); r += step) {
            int rows = Math.min(step, n - r);
            int len = rows * cols;
            NativeMatrix block = y.rows(r, rows);
            float[] p = scratch.get(worker).floats(len);
            block.read(p, 0);
            if (cache != null) {
              System.arraycopy(p, 0, cache, r * cols, len);
            }
            for (int i = 0; i < len; i += cols) {
              System.arraycopy(p, i, row, 0, cols);
              for (int j = 0; j < cols; j++) {
                row[j] = row[j] * c[j] + bias[j];
              }
              System.arraycopy(row, 0, p, i, cols);
            }
            block.write(p, 0);
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
            float[] p = scratch.get(worker).floats(2 * len);
            projection.rows(r, rows).read(p, 0);
            System.arraycopy(p, 0, cache, r * cols, len);
            NativeMatrix block = y.rows(r, rows);
            block.read(p, len);
            for (int i = 0; i < len; i += cols) {
              System.arraycopy(p, i, projected, 0, cols);
              System.arraycopy(p, len + i, row, 0, cols);
              for (int j = 0; j < cols; j++) {
                row[j] += cMinusOne[j] * projected[j] + bias[j];
              }
              System.arraycopy(row, 0, p, len + i, cols);
            }
            block.write(p, len);
          }
        });
  }

  /** See {@link DoraKernels#columnDots}. */
  static double[] columnDots(NativeMatrix g, float[] cache, HostBuffers scratch) {
    int n = g.rows();
    int cols = g.cols();
    int step = step(cols);
    int chunks = chunks(n, step);
    double[] partial = new double[chunks * cols];
    KernelThreads.split(
        chunks,
        (from, to, worker) -> {
          float[] gRow = new float[cols];
          float[] pRow = new float[cols];
          double[] sums = new double[cols];
          for (int k = from; k < to; k++) {
            int r = k * step;
            int rows = Math.min(step, n - r);
            float[] gh = scratch.get(worker).floats(rows * cols);
            g.rows(r, rows).read(gh, 0);
            Arrays.fill(sums, 0);
            for (int i = 0; i < rows * cols; i += cols) {
              System.arraycopy(gh, i, gRow, 0, cols);
              System.arraycopy(cache, r * cols + i, pRow, 0, cols);
              for (int j = 0; j < cols; j++) {
                sums[j] += gRow[j] * pRow[j];
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

  /**
   * See {@link DoraKernels#scaleRows(HostBuffer, double[], NativeMatrix, NativeMatrix,
   * HostBuffers)}.
   */
  static void scaleRows(
      float[] h, double[] k, NativeMatrix subtract, NativeMatrix dst, HostBuffers scratch) {
    int rows = dst.rows();
    int cols = dst.cols();
    int step = step(cols);
    KernelThreads.split(
        chunks(rows, step),
        (from, to, worker) -> {
          for (int r = from * step; r < Math.min(to * step, rows); r += step) {
            int n = Math.min(step, rows - r);
            float[] out = scratch.get(worker).floats(n * cols);
            if (subtract != null) {
              subtract.rows(r, n).read(out, 0);
              for (int j = 0; j < n; j++) {
                float kj = (float) k[r + j];
                int o = j * cols;
                int src = (r + j) * cols;
                for (int i = 0; i < cols; i++) {
                  out[o + i] = kj * h[src + i] - out[o + i];
                }
              }
            } else {
              for (int j = 0; j < n; j++) {
                float kj = (float) k[r + j];
                int o = j * cols;
                int src = (r + j) * cols;
                for (int i = 0; i < cols; i++) {
                  out[o + i] = kj * h[src + i];
                }
              }
            }
            dst.rows(r, n).write(out, 0);
          }
        });
  }
}
