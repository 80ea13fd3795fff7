package io.d2ora.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float32 tensor in host memory, row-major, in PyTorch layout (a linear weight is {@code
 * [out, in]}). The pretrained checkpoint is a set of these; they become ND4J arrays when a model is
 * built.
 */
public record WeightTensor(String name, int[] shape, float[] data) {
  public WeightTensor {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int dim(int i) {
    return shape[i];
  }

  public int rank() {
    return shape.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightTensor t
        && name.equals(t.name)
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
