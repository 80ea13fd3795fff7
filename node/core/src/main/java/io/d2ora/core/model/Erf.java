package io.d2ora.core.model;

/**
 * The error function, two ways: a float32 rational approximation for the training kernels and an
 * accurate float64 evaluation for float64 models (gradient checks) and as the reference in tests.
 */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

  private Erf() {}

  /**
   * Eigen's {@code generic_fast_erf_float} (also XLA's): {@code x·P(x²)/Q(x²)} with an odd
   * degree-13 numerator and an even degree-8 denominator on {@code [-4, 4]}, ±1 outside (|erf| > 1
   * − 1.6e-8 there). Max absolute error 4.3e-7 against {@link #accurate} over [-6, 6] (measured
   * 4.21e-7 near |x| = 3.62, float32 rounding included; {@code ErfTest}). No branches, so the JIT
   * vectorises loops that call it.
   */
  static float approximate(float a) {
    float x = Math.max(Math.min(a, 4f), -4f);
    float x2 = x * x;
    float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = x2 * p + -2.10102402082508e-06f;
    p = x2 * p + -5.69250639462346e-05f;
    p = x2 * p + -7.34990630326855e-04f;
    p = x2 * p + -2.95459980854025e-03f;
    p = x2 * p + -1.60960333262415e-02f;
    float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
    q = x2 * q + -1.68282697438203e-03f;
    q = x2 * q + -7.37332916720468e-03f;
    q = x2 * q + -1.42647390514189e-02f;
    return x * p / q;
  }

  /**
   * erf in float64 to a few ulp: for |x| < 2.5 the all-positive series {@code erf(x) = 2/sqrt(pi)
   * e^(-x²) sum_n 2^n x^(2n+1) / (1·3···(2n+1))} (Abramowitz and Stegun 7.1.6; no cancellation);
   * above, {@code 1 − erfc(x)} with erfc's continued fraction (A&S 7.1.14) evaluated by Lentz's
   * method. Scalar and slow (tens of terms): for float64 checks, not for float32 training.
   */
  static double accurate(double x) {
    double ax = Math.abs(x);
    if (ax >= 6) {
      return Math.copySign(1, x);
    }
    double value = ax < 2.5 ? series(ax) : 1 - erfcFraction(ax);
    return Math.copySign(value, x);
  }

  private static double series(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  /** erfc(x) = e^(-x²)/sqrt(pi) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), x >= 2.5. */
  private static double erfcFraction(double x) {
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = k / 2.0;
      d = x + a * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + a / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) * INV_SQRT_PI / f;
  }
}
