package io.d2ora.core.aggregate;

import java.util.List;

/**
 * One term c·B·A of a sum of low-rank products, B [out, r] and A [r, in] row-major. The Frobenius
 * norm of a sum of such terms is computed from r x r Gram matrices, ||sum_k c_k B_k A_k||_F^2 =
 * sum_{k,l} c_k c_l <B_k^T B_l, A_k A_l^T>_F, without forming any out x in matrix.
 */
record LowRankTerm(double c, double[] b, double[] a, int out, int r, int in) {

  static LowRankTerm of(double c, float[] b, float[] a, int out, int r, int in) {
    return new LowRankTerm(c, toDouble(b), toDouble(a), out, r, in);
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /** ||sum of terms||_F, in a fixed order. */
  static double frobenius(List<LowRankTerm> terms) {
    double sum = 0;
    for (LowRankTerm k : terms) {
      for (LowRankTerm l : terms) {
        sum += k.c * l.c * gramInner(k, l);
      }
    }
    return Math.sqrt(Math.max(sum, 0));
  }

  /** <B_k^T B_l, A_k A_l^T>_F = trace((B_k A_k)^T (B_l A_l)). */
  private static double gramInner(LowRankTerm k, LowRankTerm l) {
    double total = 0;
    for (int x = 0; x < k.r; x++) {
      for (int y = 0; y < l.r; y++) {
        double gb = 0;
        for (int o = 0; o < k.out; o++) {
          gb += k.b[o * k.r + x] * l.b[o * l.r + y];
        }
        double ga = 0;
        for (int j = 0; j < k.in; j++) {
          ga += k.a[x * k.in + j] * l.a[y * l.in + j];
        }
        total += gb * ga;
      }
    }
    return total;
  }
}
