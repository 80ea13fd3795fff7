package io.d2ora.core.aggregate;

import java.util.Arrays;
import java.util.List;

/**
 * Per-coordinate rules over the inputs' values of one tensor, in the inputs' (signer) order. Sums
 * run in double, in that order; each result is rounded to float32 once. No threads, no BLAS.
 */
final class Coordinatewise {
  private Coordinatewise() {}

  /** out[j] = sum_i p_i x_i[j]. */
  static float[] weightedMean(List<float[]> values, double[] p) {
    int n = values.get(0).length;
    float[] out = new float[n];
    for (int j = 0; j < n; j++) {
      double acc = 0;
      for (int i = 0; i < values.size(); i++) {
        acc += p[i] * values.get(i)[j];
      }
      out[j] = (float) acc;
    }
    return out;
  }

  /** Median per coordinate; for an even count, the mean of the two middle values. */
  static float[] median(List<float[]> values) {
    return trimmed(values, -1);
  }

  /** Mean per coordinate after dropping the {@code k} lowest and {@code k} highest values. */
  static float[] trimmedMean(List<float[]> values, int k) {
    if (2 * k >= values.size()) {
      throw new AggregationException(
          "trimming " + k + " from each end leaves nothing of " + values.size() + " updates");
    }
    return trimmed(values, k);
  }

  /** k < 0 means median. */
  private static float[] trimmed(List<float[]> values, int k) {
    int m = values.size();
    int n = values.get(0).length;
    float[] out = new float[n];
    double[] column = new double[m];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        column[i] = values.get(i)[j];
      }
      Arrays.sort(column);
      if (k < 0) {
        out[j] = (float) (m % 2 == 1 ? column[m / 2] : (column[m / 2 - 1] + column[m / 2]) / 2);
      } else {
        double acc = 0;
        for (int i = k; i < m - k; i++) {
          acc += column[i];
        }
        out[j] = (float) (acc / (m - 2 * k));
      }
    }
    return out;
  }
}
