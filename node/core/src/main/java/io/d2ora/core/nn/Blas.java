package io.d2ora.core.nn;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Matrix products on {@link NativeMatrix} views through the OpenBLAS that ND4J itself loads (the
 * same library, thread pool and thread setting): {@code C = alpha·op(A)·op(B) + beta·C} with any
 * row strides, so products read and write blocks of larger matrices (attention heads inside a fused
 * query/key/value buffer) without copies, and write into caller-owned outputs without allocating.
 * ND4J's {@code Nd4j.gemm} goes through a custom op that costs more per call and needs contiguous
 * arrays.
 */
public final class Blas {
  private static final ThreadLocal<NativeMatrix[]> ONES = ThreadLocal.withInitial(() -> null);

  private Blas() {}

  /**
   * {@code c = alpha·op(a)·op(b) + beta·c}, op = transpose when asked.
   *
   * @throws IllegalArgumentException on mismatched shapes or data types
   */
  public static void gemm(
      NativeMatrix a,
      boolean transA,
      NativeMatrix b,
      boolean transB,
      NativeMatrix c,
      double alpha,
      double beta) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm: op(A) is "
              + m
              + " x "
              + k
              + ", op(B) "
              + kb
              + " x "
              + n
              + ", C "
              + c.rows()
              + " x "
              + c.cols());
    }
    DataType type = requireSameType(a, b, c);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      scaleByBeta(c, beta);
      return;
    }
    int ta = transA ? CblasTrans : CblasNoTrans;
    int tb = transB ? CblasTrans : CblasNoTrans;
    if (type == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemm(
          CblasRowMajor,
          ta,
          tb,
          m,
          n,
          k,
          (float) alpha,
          a.floatPointer(),
          a.ld(),
          b.floatPointer(),
          b.ld(),
          (float) beta,
          c.floatPointer(),
          c.ld());
    } else {
      openblas_nolapack.cblas_dgemm(
          CblasRowMajor,
          ta,
          tb,
          m,
          n,
          k,
          alpha,
          a.doublePointer(),
          a.ld(),
          b.doublePointer(),
          b.ld(),
          beta,
          c.doublePointer(),
          c.ld());
    }
  }

  /**
   * {@code m[j, :] *= k[at + j]} for every row j, in place (k rounded to the type): one BLAS scale
   * per row, for rows that are in cache.
   */
  public static void scaleRows(NativeMatrix m, double[] k, int at) {
    if (m.dataType() == DataType.FLOAT) {
      FloatPointer p = m.floatPointer();
      long first = p.position();
      for (int j = 0; j < m.rows(); j++) {
        openblas_nolapack.cblas_sscal(
            m.cols(), (float) k[at + j], p.position(first + (long) j * m.ld()), 1);
      }
    } else {
      DoublePointer p = m.doublePointer();
      long first = p.position();
      for (int j = 0; j < m.rows(); j++) {
        openblas_nolapack.cblas_dscal(
            m.cols(), k[at + j], p.position(first + (long) j * m.ld()), 1);
      }
    }
  }

  /**
   * {@code squares[at + j] = sum_i m[j, i]^2} for every row j, summed in float64 (float32 products
   * are exact there: {@code dsdot}); one BLAS dot per row, for rows that are in cache.
   */
  public static void rowSquares(NativeMatrix m, double[] squares, int at) {
    if (m.dataType() == DataType.FLOAT) {
      FloatPointer row = m.floatPointer();
      long first = row.position();
      for (int j = 0; j < m.rows(); j++) {
        row.position(first + (long) j * m.ld());
        squares[at + j] = openblas_nolapack.cblas_dsdot(m.cols(), row, 1, row, 1);
      }
    } else {
      DoublePointer row = m.doublePointer();
      long first = row.position();
      for (int j = 0; j < m.rows(); j++) {
        row.position(first + (long) j * m.ld());
        squares[at + j] = openblas_nolapack.cblas_ddot(m.cols(), row, 1, row, 1);
      }
    }
  }

  /** {@code c[i, :] += alpha·v} for every row i: a bias broadcast, as one rank-1 update. */
  public static void addToRows(NativeMatrix c, NativeMatrix v, double alpha) {
    if (v.rows() != 1 || v.cols() != c.cols()) {
      throw new IllegalArgumentException(
          "row vector: expected 1 x " + c.cols() + ", got " + v.rows() + " x " + v.cols());
    }
    requireSameType(c, v, c);
    if (c.rows() == 0 || c.cols() == 0) {
      return;
    }
    NativeMatrix ones = ones(c.dataType(), c.rows());
    if (c.dataType() == DataType.FLOAT) {
      openblas_nolapack.cblas_sger(
          CblasRowMajor,
          c.rows(),
          c.cols(),
          (float) alpha,
          ones.floatPointer(),
          1,
          v.floatPointer(),
          1,
          c.floatPointer(),
          c.ld());
    } else {
      openblas_nolapack.cblas_dger(
          CblasRowMajor,
          c.rows(),
          c.cols(),
          alpha,
          ones.doublePointer(),
          1,
          v.doublePointer(),
          1,
          c.doublePointer(),
          c.ld());
    }
  }

  /** {@code v += alpha·(column sums of m)}, v a {@code 1 x cols} row: a bias gradient. */
  public static void addColumnSums(NativeMatrix m, NativeMatrix v, double alpha) {
    if (v.rows() != 1 || v.cols() != m.cols()) {
      throw new IllegalArgumentException(
          "row vector: expected 1 x " + m.cols() + ", got " + v.rows() + " x " + v.cols());
    }
    gemm(ones(m.dataType(), m.rows()).reshape(1, m.rows()), false, m, false, v, alpha, 1.0);
  }

  private static void scaleByBeta(NativeMatrix c, double beta) {
    if (beta == 0) {
      c.zero();
    } else if (beta != 1) {
      double[] values = c.toDoubles();
      for (int i = 0; i < values.length; i++) {
        values[i] *= beta;
      }
      c.fromDoubles(values);
    }
  }

  /** A {@code [1, n]} row of ones, kept per thread and data type and grown on demand. */
  private static NativeMatrix ones(DataType type, int n) {
    NativeMatrix[] cache = ONES.get();
    if (cache == null) {
      cache = new NativeMatrix[2];
      ONES.set(cache);
    }
    int slot = type == DataType.FLOAT ? 0 : 1;
    if (cache[slot] == null || cache[slot].cols() < n) {
      NativeMatrix fresh = NativeMatrix.allocate(type, 1, Math.max(n, 1024));
      double[] values = new double[fresh.cols()];
      java.util.Arrays.fill(values, 1.0);
      fresh.fromDoubles(values);
      cache[slot] = fresh;
    }
    return cache[slot].columns(0, n);
  }

  private static DataType requireSameType(NativeMatrix a, NativeMatrix b, NativeMatrix c) {
    if (a.dataType() != b.dataType() || a.dataType() != c.dataType()) {
      throw new IllegalArgumentException(
          "data types: expected one type, got "
              + a.dataType()
              + ", "
              + b.dataType()
              + ", "
              + c.dataType());
    }
    return a.dataType();
  }
}
