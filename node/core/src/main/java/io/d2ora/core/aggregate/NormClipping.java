package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Norm clipping (Sun et al. 2019, "Can You Really Backdoor Federated Learning?"): each update's
 * delta from the round's start adapter, over all its tensors as one vector, is scaled down to at
 * most tau = the median of the deltas' L2 norms; the result is start + sum_i p_i c_i delta_i with
 * c_i = min(1, tau / ||delta_i||). With fewer than half the updates poisoned, tau is at most the
 * largest honest norm, so one scaled update moves the aggregate by at most p_i tau.
 */
final class NormClipping {
  private NormClipping() {}

  static Map<String, FloatTensor> apply(
      List<AdapterUpdate> updates, double[] p, AdapterUpdate start) {
    int n = updates.size();
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      norms[i] = deltaNorm(updates.get(i), start);
    }
    double[] sorted = norms.clone();
    Arrays.sort(sorted);
    double tau = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double[] coefficient = new double[n];
    for (int i = 0; i < n; i++) {
      coefficient[i] = p[i] * (norms[i] > tau ? tau / norms[i] : 1.0);
    }
    Map<String, FloatTensor> out = new TreeMap<>();
    for (Map.Entry<String, FloatTensor> e : start.tensors().entrySet()) {
      float[] base = e.getValue().data();
      float[][] xs = new float[n][];
      for (int i = 0; i < n; i++) {
        xs[i] = updates.get(i).tensor(e.getKey()).data();
      }
      float[] result = new float[base.length];
      for (int j = 0; j < base.length; j++) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += coefficient[i] * ((double) xs[i][j] - base[j]);
        }
        result[j] = (float) (base[j] + acc);
      }
      out.put(e.getKey(), new FloatTensor(e.getValue().shape(), result));
    }
    return out;
  }

  /** ||u - start||_2 over every tensor, summed in name order then element order. */
  static double deltaNorm(AdapterUpdate u, AdapterUpdate start) {
    double sum = 0;
    for (Map.Entry<String, FloatTensor> e : start.tensors().entrySet()) {
      float[] base = e.getValue().data();
      float[] x = u.tensor(e.getKey()).data();
      for (int j = 0; j < base.length; j++) {
        double d = (double) x[j] - base[j];
        sum += d * d;
      }
    }
    return Math.sqrt(sum);
  }
}
