package io.d2ora.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean cross-entropy of softmax(logits) against integer labels, and its gradient {@code (softmax -
 * onehot) / B * scale} (scale divides by the gradient-accumulation steps).
 */
public final class SoftmaxCrossEntropy {
  private SoftmaxCrossEntropy() {}

  /** Loss (mean over the batch) and dL/dlogits. */
  public record Result(double loss, INDArray gradient, INDArray probabilities) {}

  public static Result compute(INDArray logits, int[] labels, double scale) {
    int b = (int) logits.size(0);
    int c = (int) logits.size(1);
    if (labels.length != b) {
      throw new IllegalArgumentException("labels: expected " + b + ", got " + labels.length);
    }
    double[][] z = logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
    double[][] probs = new double[b][c];
    double loss = 0;
    for (int i = 0; i < b; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException("label: expected in [0, " + c + "), got " + labels[i]);
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z[i]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (double v : z[i]) {
        sum += Math.exp(v - max);
      }
      double logSum = max + Math.log(sum);
      loss += logSum - z[i][labels[i]];
      for (int j = 0; j < c; j++) {
        probs[i][j] = Math.exp(z[i][j] - logSum);
      }
    }
    INDArray p = Nd4j.create(probs).castTo(logits.dataType());
    INDArray grad = p.dup('c');
    for (int i = 0; i < b; i++) {
      grad.putScalar(i, labels[i], grad.getDouble(i, labels[i]) - 1);
    }
    grad.muli(scale / b);
    return new Result(loss / b, grad, p);
  }
}
