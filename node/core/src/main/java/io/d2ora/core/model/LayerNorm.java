package io.d2ora.core.model;

import io.d2ora.core.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Frozen layer normalisation over the last axis (Ba et al. 2016): {@code y = (x - mean) /
 * sqrt(var + eps) * gamma + beta}, with the biased variance as in PyTorch. Backward returns dL/dx
 * only (gamma and beta stay frozen):
 *
 * <pre>dx = invStd * (g - mean(g) - xhat * mean(g * xhat)),  g = dy * gamma</pre>
 */
final class LayerNorm {
  private final Parameter gamma;
  private final Parameter beta;
  private final double eps;
  private INDArray xhat;
  private INDArray invStd;

  LayerNorm(Parameter gamma, Parameter beta, double eps) {
    this.gamma = gamma;
    this.beta = beta;
    this.eps = eps;
  }

  /** {@code x} is {@code [n, hidden]}; returns a new array. */
  INDArray forward(INDArray x, boolean training) {
    INDArray mean = x.mean(true, 1);
    INDArray centered = x.subColumnVector(mean);
    INDArray variance = centered.mul(centered).mean(true, 1);
    INDArray inv = Transforms.pow(variance.addi(eps), -0.5, false);
    INDArray normalized = centered.muliColumnVector(inv);
    INDArray y = normalized.mulRowVector(gamma.value()).addiRowVector(beta.value());
    xhat = training ? normalized : null;
    invStd = training ? inv : null;
    return y;
  }

  INDArray backward(INDArray dy) {
    if (xhat == null) {
      throw new IllegalStateException("LayerNorm backward without a training forward");
    }
    INDArray g = dy.mulRowVector(gamma.value());
    INDArray meanG = g.mean(true, 1);
    INDArray meanGx = g.mul(xhat).mean(true, 1);
    INDArray dx = g.subiColumnVector(meanG).subi(xhat.muliColumnVector(meanGx));
    dx.muliColumnVector(invStd);
    xhat = null;
    invStd = null;
    return dx;
  }
}
