package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One server step (Reddi et al. 2021, "Adaptive Federated Optimization", Algorithms 1 and 2) per
 * coordinate x of every adapter tensor, with x0 the start adapter's value and mean the
 * sample-weighted mean of the round's updates, all in double:
 *
 * <pre>
 *   g  = x0 - mean                                  (pseudo-gradient, = -Delta_t in the paper)
 *   fedavg : x = x0 - eta g
 *   fedavgm: m = beta1 m + g;                         x = x0 - eta m
 *   fedadam: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
 *            x = x0 - eta m / (sqrt(v) + tau)         (no bias correction, as in the paper)
 * </pre>
 *
 * x, m and v are rounded to float32 once. Without a start adapter (a run's first round) the
 * aggregate is the mean and the state is {@link ServerState#initial}: the server's first step is
 * taken in the second round. Only +, -, *, / and {@link Math#sqrt} (correctly rounded) are used,
 * coordinates in name then element order, so every JVM computes the same floats.
 */
final class ServerOptimizer {
  /** The aggregate's adapter tensors and the state to store beside them (null for fedavg). */
  record Step(Map<String, FloatTensor> adapter, ServerState state) {}

  private ServerOptimizer() {}

  static Step apply(
      AggregationStrategy strategy,
      List<AdapterUpdate> updates,
      double[] p,
      AdapterUpdate start,
      ServerState state) {
    AggregationStrategy.ServerParams h = strategy.server();
    AggregationStrategy.Kind kind = strategy.kind();
    Map<String, FloatTensor> adapter = new TreeMap<>();
    TreeMap<String, FloatTensor> m = new TreeMap<>();
    TreeMap<String, FloatTensor> v = new TreeMap<>();
    for (Map.Entry<String, FloatTensor> e : updates.get(0).tensors().entrySet()) {
      String name = e.getKey();
      int[] shape = e.getValue().shape();
      double[] mean = mean(updates, p, name);
      float[] x = new float[mean.length];
      if (start == null) {
        for (int j = 0; j < x.length; j++) {
          x[j] = (float) mean[j];
        }
        adapter.put(name, new FloatTensor(shape, x));
        continue;
      }
      float[] x0 = start.tensor(name).data();
      float[] m0 = kind == AggregationStrategy.Kind.FEDAVG ? null : state.m().get(name).data();
      float[] v0 = kind == AggregationStrategy.Kind.FEDADAM ? state.v().get(name).data() : null;
      float[] m1 = m0 == null ? null : new float[x.length];
      float[] v1 = v0 == null ? null : new float[x.length];
      for (int j = 0; j < x.length; j++) {
        double g = (double) x0[j] - mean[j];
        double direction;
        switch (kind) {
          case FEDAVGM -> {
            double mj = h.beta1() * m0[j] + g;
            m1[j] = (float) mj;
            direction = mj;
          }
          case FEDADAM -> {
            double mj = h.beta1() * m0[j] + (1 - h.beta1()) * g;
            double vj = h.beta2() * v0[j] + (1 - h.beta2()) * g * g;
            m1[j] = (float) mj;
            v1[j] = (float) vj;
            direction = mj / (Math.sqrt(vj) + h.tau());
          }
          default -> direction = g;
        }
        x[j] = (float) (x0[j] - h.serverLr() * direction);
      }
      adapter.put(name, new FloatTensor(shape, x));
      if (m1 != null) {
        m.put(name, new FloatTensor(shape, m1));
      }
      if (v1 != null) {
        v.put(name, new FloatTensor(shape, v1));
      }
    }
    if (!strategy.carriesServerState()) {
      return new Step(adapter, null);
    }
    if (start == null) {
      return new Step(adapter, state);
    }
    return new Step(adapter, new ServerState(state.step() + 1, m, v));
  }

  /** sum_i p_i x_i in signer order, in double. */
  private static double[] mean(List<AdapterUpdate> updates, double[] p, String name) {
    double[] acc = new double[updates.get(0).tensor(name).size()];
    for (int i = 0; i < updates.size(); i++) {
      float[] xi = updates.get(i).tensor(name).data();
      for (int j = 0; j < acc.length; j++) {
        acc[j] += p[i] * xi[j];
      }
    }
    return acc;
  }
}
