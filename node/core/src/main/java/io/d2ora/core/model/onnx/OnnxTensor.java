package io.d2ora.core.model.onnx;

import java.util.Arrays;

/**
 * One ONNX {@code TensorProto}, decoded: FLOAT tensors keep their values in {@link #floats}, integer
 * tensors (INT32/INT64: shapes, indices) in {@link #longs}; the other array is empty.
 */
public record OnnxTensor(String name, int dataType, long[] dims, float[] floats, long[] longs) {
  /** ONNX {@code TensorProto.DataType} codes this reader understands. */
  public static final int FLOAT = 1;

  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int DOUBLE = 11;

  public int rank() {
    return dims.length;
  }

  /** Number of elements (1 for a scalar). */
  public long size() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  public boolean isFloat() {
    return dataType == FLOAT || dataType == DOUBLE;
  }

  /** The single value of a one-element tensor, as a double. */
  public double scalar() {
    if (size() != 1) {
      throw new OnnxFormatException(
          "tensor '" + name + "': expected one element, got shape " + Arrays.toString(dims));
    }
    return isFloat() ? floats[0] : longs[0];
  }

  @Override
  public String toString() {
    return "OnnxTensor[" + name + " type=" + dataType + " dims=" + Arrays.toString(dims) + "]";
  }
}
