package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.PeftNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact aggregation of the DoRA/LoRA direction update, still a PEFT-loadable adapter: per module,
 * A' = [A_1; ...; A_n] [n r, in] and B' = [c_1 B_1, ..., c_n B_n] [out, n r] with c_i = p_i s / s',
 * where s is the inputs' scale and s' the scale PEFT derives for rank n r (same alpha), so that s'
 * B' A' = sum_i p_i s B_i A_i exactly (up to one float32 rounding of each factor). Magnitudes and
 * other tensors take the sample-weighted mean. The rank grows with every round; with a target rank
 * t > 0, each module's sum is replaced by its best rank-t approximation (truncated SVD), which
 * keeps the size fixed at the cost of the discarded singular values (reported per module); the
 * singular values are split between the factors, sqrt(sigma / s') into each, so a round-r model
 * loads the result and trains both factors from a balanced start.
 */
final class FactorStacking {
  /** The stacked (or re-compressed) tensors, the output config and per-module SVD residuals. */
  record Result(
      Map<String, FloatTensor> tensors, AdapterConfig config, Map<String, Double> residuals) {}

  private FactorStacking() {}

  static Result apply(
      List<AdapterUpdate> updates, double[] p, AdapterConfig config, int targetRank) {
    int n = updates.size();
    int r = config.r();
    int stacked = Math.multiplyExact(n, r);
    int outRank = targetRank > 0 ? targetRank : stacked;
    AdapterConfig outConfig = config.withRank(outRank);
    double s = config.scaling();
    Map<String, FloatTensor> out = new TreeMap<>();
    Map<String, Double> residuals = new TreeMap<>();
    for (String name : updates.get(0).tensors().keySet()) {
      PeftNames.Parsed parsed = PeftNames.parse(name).orElse(null);
      if (parsed != null && parsed.role() == PeftNames.Role.LORA_A) {
        String module = parsed.modulePath();
        FloatTensor a0 = updates.get(0).tensor(name);
        int in = a0.dim(1);
        int outDim = updates.get(0).tensor(PeftNames.loraB(module)).dim(0);
        // Stack in double: L = [p_1 s B_1, ...] [out, n r], R = [A_1; ...] [n r, in].
        double[] left = new double[outDim * stacked];
        double[] right = new double[stacked * in];
        for (int i = 0; i < n; i++) {
          float[] a = updates.get(i).tensor(name).data();
          float[] b = updates.get(i).tensor(PeftNames.loraB(module)).data();
          for (int x = 0; x < r * in; x++) {
            right[i * r * in + x] = a[x];
          }
          for (int o = 0; o < outDim; o++) {
            for (int k = 0; k < r; k++) {
              left[o * stacked + i * r + k] = p[i] * s * b[o * r + k];
            }
          }
        }
        double sOut = outConfig.scaling();
        if (targetRank > 0) {
          TruncatedSvd svd = TruncatedSvd.of(left, right, outDim, stacked, in, targetRank);
          residuals.put(module, svd.residual());
          // B = U sqrt(Sigma / s_out), A = sqrt(Sigma / s_out) V^T: s_out B A = U Sigma V^T, and
          // both factors carry the same scale, as a trained pair does (the next round trains them).
          double[] root = new double[targetRank];
          for (int k = 0; k < targetRank; k++) {
            root[k] = Math.sqrt(svd.sigma()[k] / sOut);
          }
          double[] b = svd.left();
          for (int o = 0; o < outDim; o++) {
            for (int k = 0; k < targetRank; k++) {
              b[o * targetRank + k] *= root[k];
            }
          }
          double[] a = TruncatedSvd.transpose(svd.right(), in, targetRank);
          for (int k = 0; k < targetRank; k++) {
            for (int j = 0; j < in; j++) {
              a[k * in + j] *= root[k];
            }
          }
          out.put(PeftNames.loraB(module), toFloat(b, outDim, targetRank));
          out.put(name, toFloat(a, targetRank, in));
        } else {
          for (int x = 0; x < left.length; x++) {
            left[x] /= sOut;
          }
          out.put(PeftNames.loraB(module), toFloat(left, outDim, stacked));
          out.put(name, toFloat(right, stacked, in));
        }
      } else if (parsed == null || parsed.role() != PeftNames.Role.LORA_B) {
        out.put(name, weightedMean(updates, p, name));
      }
    }
    return new Result(out, outConfig, residuals);
  }

  static FloatTensor weightedMean(List<AdapterUpdate> updates, double[] p, String name) {
    List<float[]> values = updates.stream().map(u -> u.tensor(name).data()).toList();
    return new FloatTensor(
        updates.get(0).tensor(name).shape(), Coordinatewise.weightedMean(values, p));
  }

  private static FloatTensor toFloat(double[] x, int rows, int cols) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return FloatTensor.of(f, rows, cols);
  }
}
