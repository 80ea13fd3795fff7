package io.d2ora.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear map whose forward pass is one matrix product followed by in-place corrections, and whose
 * input gradient likewise:
 *
 * <pre>
 *   y  = complete(x·Wf^T),   Wf = forwardWeight(training)          [out, in]
 *   dx = correct(g·Wb),      Wb = backwardWeight(g)                [out, in]
 * </pre>
 *
 * Maps that read the same input can therefore share both products ({@link LinearGroup}: one GEMM
 * for query, key and value), and the caller owns every activation buffer, so a steady-state
 * training step allocates nothing. {@link #forward(INDArray, boolean)} and {@link
 * #backward(INDArray)} are the same computation with freshly allocated arrays.
 *
 * <p>Call order for a training step: {@code forwardWeight(true)}; the caller computes {@code y =
 * x·Wf^T}; {@code completeForward(x, y, true)}; later {@code backwardWeight(g)}, which accumulates
 * the parameter gradients; when dL/dx is wanted the caller then computes {@code dx (+)= g·Wb} and
 * calls {@code completeBackward(g, dx)}. The layer keeps views of x and of its own buffers until
 * then: x must not change in between. Matrices passed in may be blocks of larger ones (any row
 * stride) and must have the layer's data type. Not thread-safe.
 */
public interface ProductLayer extends Layer {

  /** Module path, e.g. {@code encoder.layer.0.attention.self.query}. */
  String name();

  /**
   * The matrix the forward product multiplies by; valid until the next call on this layer.
   *
   * @throws IllegalStateException if training is asked for in a state that cannot train
   */
  NativeMatrix forwardWeight(boolean training);

  /** True when both weights are one unchanging matrix (a frozen map): callers may copy it once. */
  boolean constantWeights();

  /**
   * Turns {@code y}, which holds {@code x·Wf^T}, into the layer's output in place; when training,
   * caches what backward needs.
   */
  void completeForward(NativeMatrix x, NativeMatrix y, boolean training);

  /**
   * Accumulates parameter gradients for dL/dy and returns Wb; consumes the training forward.
   *
   * @throws IllegalStateException if there was no training forward since the last backward
   */
  NativeMatrix backwardWeight(NativeMatrix gradOutput);

  /** Adds what {@code g·Wb} leaves out of dL/dx (dropout paths) to {@code gradInput} in place. */
  void completeBackward(NativeMatrix gradOutput, NativeMatrix gradInput);

  @Override
  default INDArray forward(INDArray x, boolean training) {
    int n = Math.toIntExact(Tensors.requireRows(x, name() + " input", inFeatures()));
    Tensors.requireDataType(x, name() + " input", dataType());
    NativeMatrix input = NativeMatrix.of(Tensors.rowMajor(x));
    NativeMatrix weight = forwardWeight(training);
    INDArray y = Nd4j.create(dataType(), n, outFeatures());
    NativeMatrix output = NativeMatrix.of(y);
    Blas.gemm(input, false, weight, true, output, 1, 0);
    completeForward(input, output, training);
    return y;
  }

  @Override
  default INDArray backward(INDArray gradOutput) {
    Tensors.requireDataType(gradOutput, name() + " gradOutput", dataType());
    NativeMatrix g = NativeMatrix.of(Tensors.rowMajor(gradOutput));
    NativeMatrix weight = backwardWeight(g);
    INDArray dx = Nd4j.create(dataType(), g.rows(), inFeatures());
    NativeMatrix gradInput = NativeMatrix.of(dx);
    Blas.gemm(g, false, weight, false, gradInput, 1, 0);
    completeBackward(g, gradInput);
    return dx;
  }
}
