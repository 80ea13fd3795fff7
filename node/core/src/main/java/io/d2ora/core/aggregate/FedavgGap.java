package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.PeftNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per module, the relative gap ||s mean(B) mean(A) - sum_i p_i s B_i A_i||_F / ||sum_i p_i s B_i
 * A_i||_F between FedAvg of the factors and the exact average of the products (both with weights
 * p). Computed from Gram matrices of the factors (see {@link LowRankTerm}); 0 when both are 0.
 */
final class FedavgGap {
  private FedavgGap() {}

  static Map<String, Double> measure(List<AdapterUpdate> updates, double[] p, double s) {
    Map<String, Double> gaps = new TreeMap<>();
    AdapterUpdate first = updates.get(0);
    for (String name : first.tensors().keySet()) {
      PeftNames.Parsed parsed = PeftNames.parse(name).orElse(null);
      if (parsed == null || parsed.role() != PeftNames.Role.LORA_A) {
        continue;
      }
      String bName = PeftNames.loraB(parsed.modulePath());
      int r = first.tensor(name).dim(0);
      int in = first.tensor(name).dim(1);
      int out = first.tensor(bName).dim(0);
      List<float[]> as = updates.stream().map(u -> u.tensor(name).data()).toList();
      List<float[]> bs = updates.stream().map(u -> u.tensor(bName).data()).toList();
      double[] meanA = mean(as, p);
      double[] meanB = mean(bs, p);
      List<LowRankTerm> exact = new ArrayList<>();
      for (int i = 0; i < updates.size(); i++) {
        exact.add(LowRankTerm.of(p[i] * s, bs.get(i), as.get(i), out, r, in));
      }
      List<LowRankTerm> diff = new ArrayList<>();
      diff.add(new LowRankTerm(s, meanB, meanA, out, r, in));
      exact.forEach(t -> diff.add(new LowRankTerm(-t.c(), t.b(), t.a(), out, r, in)));
      double denominator = LowRankTerm.frobenius(exact);
      double numerator = LowRankTerm.frobenius(diff);
      gaps.put(
          parsed.modulePath(),
          denominator > 0 ? numerator / denominator : numerator > 0 ? Double.POSITIVE_INFINITY : 0);
    }
    return gaps;
  }

  private static double[] mean(List<float[]> xs, double[] p) {
    double[] m = new double[xs.get(0).length];
    for (int j = 0; j < m.length; j++) {
      double acc = 0;
      for (int i = 0; i < xs.size(); i++) {
        acc += p[i] * xs.get(i)[j];
      }
      m[j] = acc;
    }
    return m;
  }
}
