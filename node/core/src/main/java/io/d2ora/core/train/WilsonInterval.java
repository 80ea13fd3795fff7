package io.d2ora.core.train;

/**
 * The Wilson score interval for a proportion (Wilson 1927; Brown, Cai and DasGupta 2001 recommend
 * it over the normal approximation for small n or proportions near 0 or 1): where a classifier's
 * true accuracy lies, with 95% confidence, given {@code successes} correct of {@code n}.
 *
 * @param low lower bound in [0, 1]
 * @param high upper bound in [0, 1]
 */
public record WilsonInterval(double low, double high) {
  /** The two-sided 95% normal quantile. */
  public static final double Z95 = 1.959963984540054;

  /** The 95% interval for {@code successes} of {@code n}; [0, 1] when n is 0. */
  public static WilsonInterval of95(long successes, long n) {
    if (n < 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          "expected 0 <= successes <= n, got " + successes + " of " + n);
    }
    if (n == 0) {
      return new WilsonInterval(0, 1);
    }
    double p = (double) successes / n;
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** As "[86.5, 93.2]" in percent, one decimal. */
  public String percent() {
    return String.format(java.util.Locale.ROOT, "[%.1f, %.1f]", 100 * low, 100 * high);
  }
}
