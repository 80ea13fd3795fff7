package io.d2ora.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The exact GELU of BERT (Hendrycks and Gimpel 2016): {@code gelu(x) = x * Phi(x) = 0.5 x (1 +
 * erf(x / sqrt 2))}, with derivative {@code Phi(x) + x * phi(x)}. Not the tanh approximation: the
 * ONNX graph uses Erf, and the parity test holds us to it.
 */
final class Gelu {
  private static final double INV_SQRT2 = 1 / Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private INDArray input;
  private INDArray cdf;

  INDArray forward(INDArray x, boolean training) {
    INDArray phi = x.mul(INV_SQRT2);
    Nd4j.exec(new Erf(phi, phi));
    phi.addi(1).muli(0.5);
    INDArray y = x.mul(phi);
    input = training ? x : null;
    cdf = training ? phi : null;
    return y;
  }

  /** Returns dL/dx; overwrites nothing the caller holds. */
  INDArray backward(INDArray dy) {
    if (input == null) {
      throw new IllegalStateException("GELU backward without a training forward");
    }
    INDArray density = input.mul(input).muli(-0.5);
    Transforms.exp(density, false).muli(INV_SQRT_2PI).muli(input);
    INDArray dx = density.addi(cdf).muli(dy);
    input = null;
    cdf = null;
    return dx;
  }
}
