package io.d2ora.core.model;

import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Tensors;
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
    double[] z = NativeMatrix.of(Tensors.rowMajor(logits)).toDoubles();
    double[] probs = new double[b * c];
    double[] grad = new double[b * c];
    double loss = 0;
    for (int i = 0; i < b; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException("label: expected in [0, " + c + "), got " + labels[i]);
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, z[i * c + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(z[i * c + j] - max);
      }
      double logSum = max + Math.log(sum);
      loss += logSum - z[i * c + labels[i]];
      for (int j = 0; j < c; j++) {
        probs[i * c + j] = Math.exp(z[i * c + j] - logSum);
        grad[i * c + j] = (probs[i * c + j] - (j == labels[i] ? 1 : 0)) * (scale / b);
      }
    }
    return new Result(loss / b, array(grad, b, c, logits), array(probs, b, c, logits));
  }

  private static INDArray array(double[] values, int rows, int cols, INDArray like) {
    INDArray out = Nd4j.create(like.dataType(), rows, cols);
    NativeMatrix.of(out).fromDoubles(values);
    return out;
  }
}
