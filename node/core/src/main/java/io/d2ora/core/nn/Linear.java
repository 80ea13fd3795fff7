package io.d2ora.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer {@code y = x·W^T + b} with the weight in PyTorch layout {@code [out, in]}
 * and an optional bias {@code [out]}.
 *
 * <p>Frozen by default (the pretrained base of an adapter); {@link #trainable} makes weight and
 * bias trainable (a classification head). The weight array is owned by the layer and may be
 * rewritten in place by an adapter's merge. See {@link Layer} for call order and threading.
 */
public final class Linear implements ProductLayer {
  private final String name;
  private final Parameter weight;
  private final Parameter bias;
  private final List<Parameter> parameters;
  private final NativeMatrix weightMatrix;
  private final NativeMatrix biasMatrix;
  private final NativeMatrix weightGrad;
  private final NativeMatrix biasGrad;
  private boolean trainingForward;
  private NativeMatrix cachedInput;

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
    this.weightMatrix = NativeMatrix.of(Tensors.requireRowMajor(weight, w));
    this.biasMatrix = bias == null ? null : NativeMatrix.of(Tensors.requireRowMajor(bias, b));
    this.weightGrad = trainable ? NativeMatrix.of(this.weight.grad()) : null;
    this.biasGrad = trainable && bias != null ? NativeMatrix.of(this.bias.grad()) : null;
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
  public NativeMatrix forwardWeight(boolean training) {
    return weightMatrix;
  }

  @Override
  public boolean constantWeights() {
    return !weight.trainable();
  }

  @Override
  public void completeForward(NativeMatrix x, NativeMatrix y, boolean training) {
    if (biasMatrix != null) {
      Blas.addToRows(y, biasMatrix, 1);
    }
    trainingForward = training;
    cachedInput = training && weight.trainable() ? x : null;
  }

  @Override
  public NativeMatrix backwardWeight(NativeMatrix gradOutput) {
    if (!trainingForward) {
      throw new IllegalStateException(name + ": backward called without a training forward");
    }
    if (weight.trainable()) {
      Tensors.requireShape(gradOutput, name + " gradOutput", cachedInput.rows(), outFeatures());
      Blas.gemm(gradOutput, true, cachedInput, false, weightGrad, 1, 1);
      if (bias != null) {
        Blas.addColumnSums(gradOutput, biasGrad, 1);
      }
    } else {
      Tensors.requireShape(gradOutput, name + " gradOutput", gradOutput.rows(), outFeatures());
    }
    trainingForward = false;
    cachedInput = null;
    return weightMatrix;
  }

  @Override
  public void completeBackward(NativeMatrix gradOutput, NativeMatrix gradInput) {
    // dL/dx = g·W exactly: nothing to add.
  }

  @Override
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
