package io.d2ora.core.train;

import io.d2ora.core.data.Batches;
import io.d2ora.core.data.Example;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.SoftmaxCrossEntropy;
import io.d2ora.core.model.TextClassifier;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Scores a classifier on labelled examples (inference mode: no dropout, no caches). */
public final class Evaluator {
  public static final int DEFAULT_BATCH_SIZE = 32;

  private Evaluator() {}

  public static Evaluation evaluate(
      TextClassifier model, List<Example> examples, LabelSet labels, int maxSeqLen) {
    EncodedExamples data =
        EncodedExamples.of(examples, labels, model.base().tokenizer(), maxSeqLen);
    return evaluate(model, data, labels);
  }

  static Evaluation evaluate(TextClassifier model, EncodedExamples data, LabelSet labels) {
    if (model.numLabels() != labels.size()) {
      throw new IllegalArgumentException(
          "labels: the model has " + model.numLabels() + " classes, the data " + labels.size());
    }
    int[][] confusion = new int[labels.size()][labels.size()];
    double lossSum = 0;
    for (int[] idx : Batches.sequential(data.size(), DEFAULT_BATCH_SIZE)) {
      int[] y = data.labels(idx);
      INDArray logits = model.forward(data.batch(idx), false);
      lossSum += SoftmaxCrossEntropy.compute(logits, y, 1).loss() * idx.length;
      INDArray predicted = logits.argMax(1);
      for (int i = 0; i < idx.length; i++) {
        confusion[y[i]][predicted.getInt(i)]++;
      }
    }
    return new Evaluation(labels, confusion, lossSum / Math.max(1, data.size()));
  }
}
