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
