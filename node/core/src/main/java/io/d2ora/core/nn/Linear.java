package io.d2ora.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer {@code y = x·W^T + b} with the weight in PyTorch layout {@code [out, in]}
 * and an optional bias {@code [out]}.
 *
 * <p>Frozen by default (the pretrained base of an adapter); {@link #trainable} makes weight and
 * bias trainable (a classification head). The weight array is owned by the layer and may be
 * rewritten in place by an adapter's merge. See {@link Layer} for call order and threading.
 */
public final class Linear implements Layer {
  private final String name;
  private final Parameter weight;
  private final Parameter bias;
  private final List<Parameter> parameters;
  private INDArray cachedInput;

  private Linear(String name, INDArray weight, INDArray bias, boolean trainable) {
    this.name = Objects.requireNonNull(name, "name");
    Objects.requireNonNull(weight, name + ".weight");
    if (weight.rank() != 2) {
      throw new IllegalArgumentException(
          name
              + ".weight: expected shape [out, in], got "
              + java.util.Arrays.toString(weight.shape()));
    }
    if (bias != null) {
      Tensors.requireShape(bias, name + ".bias", weight.size(0));
      Tensors.requireDataType(bias, name + ".bias", weight.dataType());
    }
    String w = name + ".weight";
    String b = name + ".bias";
    this.weight = trainable ? Parameter.trainable(w, weight) : Parameter.frozen(w, weight);
    this.bias =
        bias == null
            ? null
            : trainable ? Parameter.trainableWithoutDecay(b, bias) : Parameter.frozen(b, bias);
    List<Parameter> all = new ArrayList<>();
    all.add(this.weight);
    if (this.bias != null) {
      all.add(this.bias);
    }
    this.parameters = Collections.unmodifiableList(all);
  }

  /**
   * A frozen layer (no gradients for W or b; backward still returns dL/dx).
   *
   * @param name module path, e.g. {@code encoder.layer.0.attention.self.query}
   * @param weight {@code [out, in]}, kept by reference
   * @param bias {@code [out]} or null
   */
  public static Linear frozen(String name, INDArray weight, INDArray bias) {
    return new Linear(name, weight, bias, false);
  }

  /** A trainable layer; the bias is excluded from weight decay. */
  public static Linear trainable(String name, INDArray weight, INDArray bias) {
    return new Linear(name, weight, bias, true);
  }

  @Override
  public INDArray forward(INDArray x, boolean training) {
    Tensors.requireRows(x, name + " input", inFeatures());
    Tensors.requireDataType(x, name + " input", dataType());
    INDArray y = Nd4j.gemm(x, weight.value(), false, true);
    if (bias != null) {
      y.addiRowVector(bias.value());
    }
    cachedInput = training ? x : null;
    return y;
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (cachedInput == null) {
      throw new IllegalStateException(name + ": backward called without a training forward");
    }
    Tensors.requireShape(gradOutput, name + " gradOutput", cachedInput.size(0), outFeatures());
    if (weight.trainable()) {
      Nd4j.gemm(gradOutput, cachedInput, weight.grad(), true, false, 1.0, 1.0);
      if (bias != null) {
        bias.grad().addi(gradOutput.sum(0));
      }
    }
    cachedInput = null;
    return Nd4j.gemm(gradOutput, weight.value(), false, false);
  }

  public String name() {
    return name;
  }

  public Parameter weight() {
    return weight;
  }

  public Optional<Parameter> bias() {
    return Optional.ofNullable(bias);
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public long inFeatures() {
    return weight.value().size(1);
  }

  @Override
  public long outFeatures() {
    return weight.value().size(0);
  }

  @Override
  public DataType dataType() {
    return weight.dataType();
  }
}
