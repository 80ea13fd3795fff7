package io.d2ora.core.aggregate;

/**
 * How a round's updates are combined, with its parameters; {@link #id()} is written into the
 * aggregate's metadata and {@link #parse} reads it back, so a verifier recomputes with the same
 * rule.
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>id</th><th>rule</th></tr>
 *   <tr><td>{@code fedavg}</td><td>sample-weighted mean of every tensor (m, A, B and head
 *       separately), McMahan et al. 2017: the seed's algorithm</td></tr>
 *   <tr><td>{@code exact}</td><td>direction update aggregated exactly by stacking factors: rank
 *       grows to the sum of the inputs' ranks; m and head by weighted mean</td></tr>
 *   <tr><td>{@code exact:R}</td><td>as {@code exact}, then each module's product re-compressed to
 *       rank R by truncated SVD (the best rank-R approximation, Eckart-Young)</td></tr>
 *   <tr><td>{@code median}</td><td>coordinate-wise median, unweighted (Yin et al. 2018)</td></tr>
 *   <tr><td>{@code trimmed-mean:F}</td><td>per coordinate, drop floor(F n) lowest and highest
 *       values, unweighted mean of the rest (Yin et al. 2018)</td></tr>
 *   <tr><td>{@code norm-clip}</td><td>each update's delta from the round's start adapter scaled
 *       down to at most the median delta norm, then sample-weighted mean (Sun et al. 2019)</td></tr>
 * </table>
 *
 * @param kind the rule
 * @param trimFraction for {@code trimmed-mean}: fraction trimmed at each end, in [0, 0.5)
 * @param rank for {@code exact}: target rank after re-compression, 0 to keep the stacked rank
 */
public record AggregationStrategy(Kind kind, double trimFraction, int rank) {

  /** The aggregation rules. */
  public enum Kind {
    FEDAVG("fedavg"),
    EXACT("exact"),
    MEDIAN("median"),
    TRIMMED_MEAN("trimmed-mean"),
    NORM_CLIP("norm-clip");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public static final AggregationStrategy FEDAVG = new AggregationStrategy(Kind.FEDAVG, 0, 0);
  public static final AggregationStrategy EXACT = new AggregationStrategy(Kind.EXACT, 0, 0);
  public static final AggregationStrategy MEDIAN = new AggregationStrategy(Kind.MEDIAN, 0, 0);
  public static final AggregationStrategy NORM_CLIP = new AggregationStrategy(Kind.NORM_CLIP, 0, 0);

  public AggregationStrategy {
    if (kind == Kind.TRIMMED_MEAN
        ? !(trimFraction >= 0 && trimFraction < 0.5)
        : trimFraction != 0) {
      throw new IllegalArgumentException(
          "trim fraction must be in [0, 0.5) for trimmed-mean and 0 otherwise, got "
              + trimFraction);
    }
    if (rank < 0 || (rank > 0 && kind != Kind.EXACT)) {
      throw new IllegalArgumentException(
          "rank applies to exact only and must be >= 0, got " + rank);
    }
  }

  public static AggregationStrategy trimmedMean(double trimFraction) {
    return new AggregationStrategy(Kind.TRIMMED_MEAN, trimFraction, 0);
  }

  /** Exact aggregation re-compressed to {@code rank}. */
  public static AggregationStrategy exact(int rank) {
    return new AggregationStrategy(Kind.EXACT, 0, rank);
  }

  /** The canonical id, e.g. {@code fedavg}, {@code exact:8}, {@code trimmed-mean:0.2}. */
  public String id() {
    return switch (kind) {
      case TRIMMED_MEAN -> kind.id() + ":" + trimFraction;
      case EXACT -> rank > 0 ? kind.id() + ":" + rank : kind.id();
      default -> kind.id();
    };
  }

  /**
   * Parses an id as {@link #id()} writes it.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static AggregationStrategy parse(String id) {
    String[] parts = id.split(":", 2);
    try {
      for (Kind k : Kind.values()) {
        if (!k.id().equals(parts[0])) {
          continue;
        }
        if (k == Kind.TRIMMED_MEAN) {
          return trimmedMean(parts.length == 2 ? Double.parseDouble(parts[1]) : 0.2);
        }
        if (k == Kind.EXACT && parts.length == 2) {
          return exact(Integer.parseInt(parts[1]));
        }
        if (parts.length == 1) {
          return new AggregationStrategy(k, 0, 0);
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "unknown strategy '"
            + id
            + "'; expected fedavg, exact, exact:RANK, median, "
            + "trimmed-mean[:FRACTION], norm-clip");
  }

  @Override
  public String toString() {
    return id();
  }
}
