package io.d2ora.core.nn;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named tensor with its gradient accumulator.
 *
 * <p>The value is updated in place by optimizers; the gradient has the value's shape and data type
 * and is accumulated into by {@link Layer#backward}, so callers {@link #zeroGrad()} between steps.
 * Frozen parameters ({@code trainable == false}) never receive gradients; their {@link #grad()}
 * stays zero. Names follow the PyTorch state-dict convention, e.g. {@code
 * encoder.layer.0.attention.self.query.lora_A.weight}. Not thread-safe.
 */
public final class Parameter {
  private final String name;
  private final INDArray value;
  private final INDArray grad;
  private final boolean trainable;
  private final boolean decayed;
  private NativeMatrix gradMatrix;

  private Parameter(String name, INDArray value, boolean trainable, boolean decayed) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    if (!value.dataType().isFPType()) {
      throw new IllegalArgumentException(
          "parameter " + name + " must be floating point, got " + value.dataType());
    }
    this.grad = trainable ? value.ulike() : null;
    if (grad != null) {
      grad.assign(0);
    }
    this.trainable = trainable;
    this.decayed = decayed;
  }

  /** A parameter that optimizers update and weight decay applies to. */
  public static Parameter trainable(String name, INDArray value) {
    return new Parameter(name, value, true, true);
  }

  /** A trainable parameter excluded from weight decay (biases, norms). */
  public static Parameter trainableWithoutDecay(String name, INDArray value) {
    return new Parameter(name, value, true, false);
  }

  /** A parameter that no optimizer touches (a frozen base weight). */
  public static Parameter frozen(String name, INDArray value) {
    return new Parameter(name, value, false, false);
  }

  public String name() {
    return name;
  }

  /** The live value; optimizers and merges update it in place. */
  public INDArray value() {
    return value;
  }

  /**
   * The gradient accumulator, same shape and type as {@link #value()}.
   *
   * @throws IllegalStateException for a frozen parameter, which has none
   */
  public INDArray grad() {
    if (grad == null) {
      throw new IllegalStateException("parameter " + name + " is frozen and has no gradient");
    }
    return grad;
  }

  public boolean trainable() {
    return trainable;
  }

  /** Whether decoupled weight decay applies (AdamW); false for frozen parameters. */
  public boolean decayed() {
    return decayed;
  }

  public DataType dataType() {
    return value.dataType();
  }

  public long[] shape() {
    return value.shape();
  }

  /** Sets the gradient to zero; a no-op for frozen parameters. */
  public void zeroGrad() {
    if (grad != null) {
      gradMatrix().zero();
    }
  }

  /**
   * The sum of the squared gradient entries in float64 (NaN or infinite when an entry is): for
   * global norms and divergence checks, without an ND4J reduction per parameter.
   *
   * @throws IllegalStateException for a frozen parameter
   */
  public double gradSquaredSum() {
    double sum = 0;
    for (double g : gradMatrix().toDoubles()) {
      sum += g * g;
    }
    return sum;
  }

  /** Multiplies the gradient by {@code factor} in place. */
  public void scaleGrad(double factor) {
    NativeMatrix g = gradMatrix();
    double[] values = g.toDoubles();
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
    g.fromDoubles(values);
  }

  /** The gradient as a flat row of native memory (the array is c-ordered: made by ulike). */
  private NativeMatrix gradMatrix() {
    if (gradMatrix == null) {
      gradMatrix = NativeMatrix.of(grad().reshape(grad.length()));
    }
    return gradMatrix;
  }

  @Override
  public String toString() {
    return name
        + java.util.Arrays.toString(value.shape())
        + (trainable ? "" : " (frozen)")
        + " "
        + value.dataType();
  }
}
