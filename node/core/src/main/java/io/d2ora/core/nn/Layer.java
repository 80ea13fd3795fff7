package io.d2ora.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable map from {@code [n, in]} to {@code [n, out]} activations with a hand-written
 * backward pass.
 *
 * <p>Call order for training: {@code forward(x, true)} then at most one {@code backward(g)} using
 * the state cached by that forward (an inference forward in between discards that state). {@code
 * backward} returns the gradient with respect to {@code x} and ADDS parameter gradients into each
 * trainable {@link Parameter#grad()} (zero them between steps). The layer keeps a reference to
 * {@code x} until the next forward: do not mutate it in between. Returned arrays belong to the
 * caller (never reused by the layer). All inputs must have the layer's {@link #dataType()}.
 *
 * <p>Threading: not thread-safe; use an instance from one thread at a time (the training thread).
 */
public interface Layer {

  /**
   * Computes the output for a 2-D input.
   *
   * @param x input {@code [n, inFeatures()]}
   * @param training whether to cache for backward and apply training-only behaviour (dropout)
   * @return output {@code [n, outFeatures()]}
   */
  INDArray forward(INDArray x, boolean training);

  /**
   * Back-propagates through the last training forward.
   *
   * @param gradOutput dL/dy {@code [n, outFeatures()]}
   * @return dL/dx {@code [n, inFeatures()]}
   * @throws IllegalStateException if there was no training forward since the last backward
   */
  INDArray backward(INDArray gradOutput);

  /** All parameters, frozen ones included, in a stable order. */
  List<Parameter> parameters();

  /** The parameters an optimizer should update. */
  default List<Parameter> trainableParameters() {
    return parameters().stream().filter(Parameter::trainable).toList();
  }

  long inFeatures();

  long outFeatures();

  org.nd4j.linalg.api.buffer.DataType dataType();
}
