package io.d2ora.core.dora;

/**
 * A loop-by-loop double-precision adapter forward, written from the formulas in DoraLinear's
 * javadoc and PEFT, independent of ND4J: the oracle for finite-difference gradient checks.
 */
final class NaiveAdapter {
  double[][] w0;
  double[] bias;
  double[][] a;
  double[][] b;
  double[] m;
  double scaling;
  boolean lora;

  /** Row norms of V = W0 + s·B·A, floored as DoraLinear does. */
  double[] norms() {
    double[][] v = direction();
    double[] n = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      double sum = 0;
      for (double e : v[j]) {
        sum += e * e;
      }
      n[j] = Math.max(Math.sqrt(sum), DoraLinear.NORM_FLOOR);
    }
    return n;
  }

  double[][] direction() {
    int out = w0.length;
    int in = w0[0].length;
    double[][] v = new double[out][in];
    for (int j = 0; j < out; j++) {
      for (int k = 0; k < in; k++) {
        double delta = 0;
        for (int t = 0; t < a.length; t++) {
          delta += b[j][t] * a[t][k];
        }
        v[j][k] = w0[j][k] + scaling * delta;
      }
    }
    return v;
  }

  /**
   * y = x·W0^T + bias + c ⊙ (x'·V^T) − x'·W0^T (DoRA) or x·W0^T + bias + s·x'·A^T·B^T (LoRA).
   *
   * @param mask scaled dropout mask (x' = x ⊙ mask), or null for none
   * @param fixedNorms norms to use (a detached norm), or null to compute them from the parameters
   */
  double[][] forward(double[][] x, double[][] mask, double[] fixedNorms) {
    int rows = x.length;
    int out = w0.length;
    int in = w0[0].length;
    double[][] xd = new double[rows][in];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < in; k++) {
        xd[i][k] = mask == null ? x[i][k] : x[i][k] * mask[i][k];
      }
    }
    double[][] v = direction();
    double[] n = fixedNorms != null ? fixedNorms : norms();
    double[][] y = new double[rows][out];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < out; j++) {
        double base = 0;
        double baseDropped = 0;
        double adapted = 0;
        for (int k = 0; k < in; k++) {
          base += x[i][k] * w0[j][k];
          baseDropped += xd[i][k] * w0[j][k];
          adapted += xd[i][k] * v[j][k];
        }
        double value = base + (bias == null ? 0 : bias[j]);
        value += lora ? adapted - baseDropped : (m[j] / n[j]) * adapted - baseDropped;
        y[i][j] = value;
      }
    }
    return y;
  }

  /** L = sum(y ⊙ g), the scalar whose gradient backward(g) computes. */
  double loss(double[][] x, double[][] mask, double[] fixedNorms, double[][] g) {
    double[][] y = forward(x, mask, fixedNorms);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y[i].length; j++) {
        sum += y[i][j] * g[i][j];
      }
    }
    return sum;
  }
}
