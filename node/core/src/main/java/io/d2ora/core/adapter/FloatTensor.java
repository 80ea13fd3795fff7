package io.d2ora.core.adapter;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major (C) order, as safetensors stores it. Equality is by content:
 * same shape and bit-identical values ({@link Float#floatToIntBits}, so NaN equals NaN and 0.0
 * differs from -0.0), which is what "the same bytes" means for an update file.
 *
 * <p>The record keeps the arrays it is given (no copy on the hot path); treat them as immutable.
 */
public record FloatTensor(int[] shape, float[] data) {

  /** Checks that the shape is non-negative and matches the data length. */
  public FloatTensor {
    if (shape == null || data == null) {
      throw new IllegalArgumentException("shape and data must not be null");
    }
    long count = elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count + " elements, got " + data.length);
    }
  }

  /** A tensor of the given shape over {@code data} (row-major). */
  public static FloatTensor of(float[] data, int... shape) {
    return new FloatTensor(shape.clone(), data);
  }

  /** An all-zero tensor of the given shape. */
  public static FloatTensor zeros(int... shape) {
    long count = elementCount(shape);
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape too large: " + Arrays.toString(shape));
    }
    return new FloatTensor(shape.clone(), new float[(int) count]);
  }

  /**
   * The number of elements a shape holds: the product of its dimensions (1 for a scalar, shape
   * {@code []}). Returns -1 when a dimension is negative or the product overflows a long.
   */
  public static long elementCount(int[] shape) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        return -1;
      }
      try {
        count = Math.multiplyExact(count, d);
      } catch (ArithmeticException overflow) {
        return -1;
      }
    }
    return count;
  }

  public int rank() {
    return shape.length;
  }

  public int size() {
    return data.length;
  }

  /** Dimension {@code i} of the shape. */
  public int dim(int i) {
    return shape[i];
  }

  /** Element (row, col) of a rank-2 tensor. */
  public float get(int row, int col) {
    return data[row * shape[1] + col];
  }

  /** Whether this tensor has exactly the given shape. */
  public boolean hasShape(int... expected) {
    return Arrays.equals(shape, expected);
  }

  /** Index of the first NaN or infinite value, or -1 when all values are finite. */
  public int firstNonFinite() {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
