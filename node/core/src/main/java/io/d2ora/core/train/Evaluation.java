package io.d2ora.core.train;

import io.d2ora.core.data.LabelSet;

/**
 * Classification metrics over a labelled set.
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 * @param loss mean cross-entropy
 */
public record Evaluation(LabelSet labels, int[][] confusion, double loss) {

  public long count() {
    long n = 0;
    for (int[] row : confusion) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < confusion.length; i++) {
      correct += confusion[i][i];
    }
    return count() == 0 ? 0 : (double) correct / count();
  }

  /** Examples predicted right. */
  public long correct() {
    long correct = 0;
    for (int i = 0; i < confusion.length; i++) {
      correct += confusion[i][i];
    }
    return correct;
  }

  /** Where the true accuracy lies with 95% confidence (Wilson score interval). */
  public WilsonInterval accuracyInterval() {
    return WilsonInterval.of95(correct(), count());
  }

  /** Of the examples predicted as class k, the share that are k (0 when none are). */
  public double precision(int k) {
    long predicted = 0;
    for (int[] row : confusion) {
      predicted += row[k];
    }
    return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
  }

  /** Of the examples of class k, the share predicted as k (0 when there are none). */
  public double recall(int k) {
    long actual = 0;
    for (int c : confusion[k]) {
      actual += c;
    }
    return actual == 0 ? 0 : (double) confusion[k][k] / actual;
  }

  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
