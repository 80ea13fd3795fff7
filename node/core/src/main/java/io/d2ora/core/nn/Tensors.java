package io.d2ora.core.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Precondition checks for tensors with expected-vs-actual messages. */
public final class Tensors {
  private Tensors() {}

  /** Requires {@code a} to have exactly {@code expected} as shape. */
  public static void requireShape(INDArray a, String what, long... expected) {
    if (a == null) {
      throw new IllegalArgumentException(
          what + ": expected shape " + Arrays.toString(expected) + ", got null");
    }
    if (!Arrays.equals(a.shape(), expected)) {
      throw new IllegalArgumentException(
          what
              + ": expected shape "
              + Arrays.toString(expected)
              + ", got "
              + Arrays.toString(a.shape()));
    }
  }

  /** Requires a 2-D {@code [n, columns]} array with any n >= 1; returns n. */
  public static long requireRows(INDArray a, String what, long columns) {
    if (a == null || a.rank() != 2 || a.size(1) != columns || a.size(0) < 1) {
      throw new IllegalArgumentException(
          what
              + ": expected shape [n, "
              + columns
              + "] with n >= 1, got "
              + (a == null ? "null" : Arrays.toString(a.shape())));
    }
    return a.size(0);
  }

  public static void requireDataType(INDArray a, String what, DataType expected) {
    if (a.dataType() != expected) {
      throw new IllegalArgumentException(
          what + ": expected data type " + expected + ", got " + a.dataType());
    }
  }

  /** {@code a} itself if its rows are contiguous (c order, unit column stride), else a c copy. */
  public static INDArray rowMajor(INDArray a) {
    boolean rows =
        a.rank() == 1 && a.elementWiseStride() == 1
            || a.rank() == 2 && a.ordering() == 'c' && (a.stride(1) == 1 || a.size(1) == 1);
    return rows ? a : a.dup('c');
  }

  /** Returns {@code a} if its rows are contiguous (so it can be shared with BLAS), else throws. */
  public static INDArray requireRowMajor(INDArray a, String what) {
    if (rowMajor(a) != a) {
      throw new IllegalArgumentException(
          what
              + ": expected a row-major array with contiguous rows, got strides "
              + Arrays.toString(a.stride())
              + " order "
              + a.ordering());
    }
    return a;
  }

  /** Requires a matrix of exactly {@code rows x cols} (shapes in messages as for arrays). */
  public static void requireShape(NativeMatrix m, String what, long rows, long cols) {
    if (m.rows() != rows || m.cols() != cols) {
      throw new IllegalArgumentException(
          what
              + ": expected shape ["
              + rows
              + ", "
              + cols
              + "], got ["
              + m.rows()
              + ", "
              + m.cols()
              + "]");
    }
  }

  /** True when every element is finite (no NaN, no Inf). */
  public static boolean allFinite(INDArray a) {
    return !BooleanIndexing.or(a, Conditions.notFinite());
  }

  /** Throws {@link NumericalException} if {@code a} holds NaN or Inf. */
  public static void requireFinite(INDArray a, String tensor, String stage, long step) {
    if (!allFinite(a)) {
      throw new NumericalException(tensor, stage, step);
    }
  }
}
