package io.d2ora.core.aggregate;

/**
 * The best rank-t approximation (Eckart-Young) of a product M = L R, L [m, k] and R [k, n] with
 * small k, without forming M: thin Householder QR of L and of R^T reduce M to Q1 C Q2^T with a
 * small core C, whose SVD comes from one-sided Jacobi rotations (Hestenes 1958; Demmel and Veselic
 * 1992). Only +, -, *, / and {@link Math#sqrt} (correctly rounded) are used, in a fixed order on
 * one thread, so the result is bit-identical on every JVM.
 *
 * @param sigma the t largest singular values, descending
 * @param left [m, t] row-major left singular vectors
 * @param right [n, t] row-major right singular vectors
 * @param residual ||M - M_t||_F / ||M||_F (0 when M = 0)
 */
record TruncatedSvd(double[] sigma, double[] left, double[] right, double residual) {
  private static final int MAX_SWEEPS = 80;
  private static final double EPS = 1e-15;

  static TruncatedSvd of(double[] l, double[] r, int m, int k, int n, int t) {
    Qr q1 = Qr.of(l, m, k);
    Qr q2 = Qr.of(transpose(r, k, n), n, k);
    // C = T1 T2^T: [k1, k] x [k, k2]
    int k1 = q1.cols();
    int k2 = q2.cols();
    double[] c = new double[k1 * k2];
    for (int i = 0; i < k1; i++) {
      for (int j = 0; j < k2; j++) {
        double acc = 0;
        for (int x = 0; x < k; x++) {
          acc += q1.r()[i * k + x] * q2.r()[j * k + x];
        }
        c[i * k2 + j] = acc;
      }
    }
    boolean transposed = k1 < k2;
    double[] g = transposed ? transpose(c, k1, k2) : c;
    int rows = transposed ? k2 : k1;
    int cols = transposed ? k1 : k2;
    double[] v = identity(cols);
    jacobi(g, rows, cols, v);
    double[] s = new double[cols];
    for (int j = 0; j < cols; j++) {
      double acc = 0;
      for (int i = 0; i < rows; i++) {
        acc += g[i * cols + j] * g[i * cols + j];
      }
      s[j] = Math.sqrt(acc);
    }
    Integer[] order = new Integer[cols];
    for (int j = 0; j < cols; j++) {
      order[j] = j;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(s[y], s[x]));
    // Small-space singular vectors: columns of g/sigma (of C or C^T) and of v.
    double[] uSmall = new double[rows * t];
    double[] vSmall = new double[cols * t];
    double[] sigma = new double[t];
    double total = 0;
    double kept = 0;
    for (int j = 0; j < cols; j++) {
      total += s[j] * s[j];
    }
    for (int p = 0; p < Math.min(t, cols); p++) {
      int j = order[p];
      sigma[p] = s[j];
      kept += s[j] * s[j];
      for (int i = 0; i < rows; i++) {
        uSmall[i * t + p] = s[j] > 0 ? g[i * cols + j] / s[j] : 0;
      }
      for (int i = 0; i < cols; i++) {
        vSmall[i * t + p] = v[i * cols + j];
      }
    }
    double[] cLeft = transposed ? vSmall : uSmall;
    double[] cRight = transposed ? uSmall : vSmall;
    double residual = total > 0 ? Math.sqrt(Math.max(total - kept, 0) / total) : 0;
    return new TruncatedSvd(sigma, q1.times(cLeft, t, m), q2.times(cRight, t, n), residual);
  }

  /** One-sided Jacobi: rotates column pairs of g [rows, cols] until orthogonal; v accumulates. */
  private static void jacobi(double[] g, int rows, int cols, double[] v) {
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int i = 0; i < cols - 1; i++) {
        for (int j = i + 1; j < cols; j++) {
          double alpha = 0;
          double beta = 0;
          double gamma = 0;
          for (int x = 0; x < rows; x++) {
            double gi = g[x * cols + i];
            double gj = g[x * cols + j];
            alpha += gi * gi;
            beta += gj * gj;
            gamma += gi * gj;
          }
          if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) {
            continue;
          }
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double az = Math.abs(zeta);
          double tan = (zeta >= 0 ? 1 : -1) / (az + (az > 1e150 ? az : Math.sqrt(1 + zeta * zeta)));
          double cos = 1 / Math.sqrt(1 + tan * tan);
          double sin = cos * tan;
          rotate(g, rows, cols, i, j, cos, sin);
          rotate(v, cols, cols, i, j, cos, sin);
        }
      }
      if (!rotated) {
        return;
      }
    }
  }

  private static void rotate(double[] x, int rows, int cols, int i, int j, double cos, double sin) {
    for (int r = 0; r < rows; r++) {
      double xi = x[r * cols + i];
      double xj = x[r * cols + j];
      x[r * cols + i] = cos * xi - sin * xj;
      x[r * cols + j] = sin * xi + cos * xj;
    }
  }

  static double[] transpose(double[] x, int rows, int cols) {
    double[] t = new double[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = x[i * cols + j];
      }
    }
    return t;
  }

  private static double[] identity(int n) {
    double[] id = new double[n * n];
    for (int i = 0; i < n; i++) {
      id[i * n + i] = 1;
    }
    return id;
  }
}
