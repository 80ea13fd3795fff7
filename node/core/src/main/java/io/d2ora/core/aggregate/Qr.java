package io.d2ora.core.aggregate;

/**
 * Thin Householder QR of X [m, n]: X = Q R with Q [m, p] orthonormal columns and R [p, n] upper
 * trapezoidal, p = min(m, n) (Golub and Van Loan, Matrix Computations, 4th ed., Alg. 5.2.1). Q is
 * kept as its Householder vectors; {@link #times} applies it. Rank deficiency is fine: a zero
 * column gets the identity reflection.
 */
final class Qr {
  private final int m;
  private final int p;
  private final double[][] vectors;
  private final double[] r;

  private Qr(int m, int p, double[][] vectors, double[] r) {
    this.m = m;
    this.p = p;
    this.vectors = vectors;
    this.r = r;
  }

  static Qr of(double[] x, int m, int n) {
    double[] a = x.clone();
    int p = Math.min(m, n);
    double[][] vectors = new double[p][];
    for (int k = 0; k < p; k++) {
      double norm = 0;
      for (int i = k; i < m; i++) {
        norm += a[i * n + k] * a[i * n + k];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        continue;
      }
      double alpha = a[k * n + k] >= 0 ? -norm : norm;
      double[] v = new double[m - k];
      for (int i = k; i < m; i++) {
        v[i - k] = a[i * n + k];
      }
      v[0] -= alpha;
      double vv = 0;
      for (double e : v) {
        vv += e * e;
      }
      for (int j = k; j < n; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += v[i - k] * a[i * n + j];
        }
        double f = 2 * dot / vv;
        for (int i = k; i < m; i++) {
          a[i * n + j] -= f * v[i - k];
        }
      }
      vectors[k] = v;
    }
    double[] r = new double[p * n];
    for (int i = 0; i < p; i++) {
      for (int j = i; j < n; j++) {
        r[i * n + j] = a[i * n + j];
      }
    }
    return new Qr(m, p, vectors, r);
  }

  int cols() {
    return p;
  }

  /** R [p, n], row-major. */
  double[] r() {
    return r;
  }

  /** Q Y for Y [p, t] row-major; returns [m, t]. */
  double[] times(double[] y, int t, int rows) {
    if (rows != m) {
      throw new IllegalArgumentException("Q has " + m + " rows, caller expects " + rows);
    }
    double[] out = new double[m * t];
    System.arraycopy(y, 0, out, 0, p * t);
    for (int k = p - 1; k >= 0; k--) {
      double[] v = vectors[k];
      if (v == null) {
        continue;
      }
      double vv = 0;
      for (double e : v) {
        vv += e * e;
      }
      for (int j = 0; j < t; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += v[i - k] * out[i * t + j];
        }
        double f = 2 * dot / vv;
        for (int i = k; i < m; i++) {
          out[i * t + j] -= f * v[i - k];
        }
      }
    }
    return out;
  }
}
