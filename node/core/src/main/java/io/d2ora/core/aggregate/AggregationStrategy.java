package io.d2ora.core.aggregate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a round's updates are combined, with its parameters; {@link #id()} is written into the
 * aggregate's metadata and {@link #parse} reads it back, so a verifier recomputes with the same
 * rule and parameters.
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>id</th><th>rule</th></tr>
 *   <tr><td>{@code fedavg[:server_lr=E]}</td><td>sample-weighted mean of every tensor (m, A, B and
 *       head separately), McMahan et al. 2017; with a server learning rate E != 1 the aggregate is
 *       start - E (start - mean) (Reddi et al. 2021, Algorithm 1 with server SGD)</td></tr>
 *   <tr><td>{@code fedavgm[:server_lr=E;beta1=B]}</td><td>server momentum on the pseudo-gradient
 *       (Hsu et al. 2019; Reddi et al. 2021), see {@link ServerOptimizer}</td></tr>
 *   <tr><td>{@code fedadam[:server_lr=E;beta1=B1;beta2=B2;tau=T]}</td><td>server Adam without
 *       bias correction (Reddi et al. 2021, Algorithm 2), see {@link ServerOptimizer}</td></tr>
 *   <tr><td>{@code ffa}</td><td>FFA-LoRA (Sun et al. 2024): A stays frozen at the init the
 *       round config's training seed gives every peer and is not uploaded (nor aggregated), so
 *       the sample-weighted mean of B (and m, head) is the exact average of the products; an
 *       update carrying A is refused</td></tr>
 *   <tr><td>{@code exact}</td><td>direction update aggregated exactly by stacking factors: rank
 *       grows to the sum of the inputs' ranks; m and head by weighted mean</td></tr>
 *   <tr><td>{@code exact:R}</td><td>as {@code exact}, then each module's product re-compressed to
 *       rank R by truncated SVD (the best rank-R approximation, Eckart-Young), sqrt of the singular
 *       values into each factor</td></tr>
 *   <tr><td>{@code median}</td><td>coordinate-wise median, unweighted (Yin et al. 2018)</td></tr>
 *   <tr><td>{@code trimmed-mean:F}</td><td>per coordinate, drop floor(F n) lowest and highest
 *       values, unweighted mean of the rest (Yin et al. 2018)</td></tr>
 *   <tr><td>{@code norm-clip}</td><td>each update's delta from the round's start adapter scaled
 *       down to at most the median delta norm, then sample-weighted mean (Sun et al. 2019)</td></tr>
 * </table>
 *
 * Server parameters are written {@code name=value} separated by {@code ;} (an update's metadata
 * strategy may hold no comma); omitted ones take the defaults below, and {@link #id()} always
 * writes every parameter that differs from them.
 *
 * @param kind the rule
 * @param trimFraction for {@code trimmed-mean}: fraction trimmed at each end, in [0, 0.5)
 * @param rank for {@code exact}: target rank after re-compression, 0 to keep the stacked rank
 * @param server the server optimiser's parameters (defaults for the kind when it has none)
 */
public record AggregationStrategy(Kind kind, double trimFraction, int rank, ServerParams server) {

  /** The aggregation rules. */
  public enum Kind {
    FEDAVG("fedavg"),
    FEDAVGM("fedavgm"),
    FEDADAM("fedadam"),
    FFA("ffa"),
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

  /**
   * Server optimiser parameters (Reddi et al. 2021, "Adaptive Federated Optimization").
   *
   * @param serverLr the server learning rate eta, in (0, 10]
   * @param beta1 momentum (first moment) decay, in [0, 1)
   * @param beta2 second moment decay, in [0, 1)
   * @param tau adaptivity (added to sqrt(v)), in (0, 1]
   */
  public record ServerParams(double serverLr, double beta1, double beta2, double tau) {
    /** Plain FedAvg: the mean is the aggregate. */
    public static final ServerParams FEDAVG = new ServerParams(1.0, 0, 0, 1e-3);

    /** FedAvgM defaults: eta = 1, beta = 0.9 (Hsu et al. 2019). */
    public static final ServerParams FEDAVGM = new ServerParams(1.0, 0.9, 0, 1e-3);

    /** FedAdam defaults: eta = 1e-2, beta1 = 0.9, beta2 = 0.99, tau = 1e-3 (Reddi et al. 2021). */
    public static final ServerParams FEDADAM = new ServerParams(1e-2, 0.9, 0.99, 1e-3);

    public ServerParams {
      check("server_lr", serverLr, serverLr > 0 && serverLr <= 10);
      check("beta1", beta1, beta1 >= 0 && beta1 < 1);
      check("beta2", beta2, beta2 >= 0 && beta2 < 1);
      check("tau", tau, tau > 0 && tau <= 1);
    }

    private static void check(String name, double value, boolean ok) {
      if (!ok) {
        throw new IllegalArgumentException(
            name
                + " out of range: "
                + value
                + " (server_lr in (0, 10], beta1 and beta2 in"
                + " [0, 1), tau in (0, 1])");
      }
    }

    static ServerParams defaults(Kind kind) {
      return switch (kind) {
        case FEDAVGM -> FEDAVGM;
        case FEDADAM -> FEDADAM;
        default -> FEDAVG;
      };
    }

    /** Only the parameters {@code kind} reads; the others at the plain-FedAvg values. */
    ServerParams normalizedFor(Kind kind) {
      return switch (kind) {
        case FEDAVGM -> new ServerParams(serverLr, beta1, 0, FEDAVG.tau);
        case FEDADAM -> this;
        default -> new ServerParams(serverLr, 0, 0, FEDAVG.tau);
      };
    }

    /** The parameters {@code kind} reads, by their config names, in id order. */
    Map<String, Double> used(Kind kind) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("server_lr", serverLr);
      if (kind == Kind.FEDAVGM || kind == Kind.FEDADAM) {
        m.put("beta1", beta1);
      }
      if (kind == Kind.FEDADAM) {
        m.put("beta2", beta2);
        m.put("tau", tau);
      }
      return m;
    }
  }

  public static final AggregationStrategy FEDAVG = of(Kind.FEDAVG);
  public static final AggregationStrategy FEDAVGM = of(Kind.FEDAVGM);
  public static final AggregationStrategy FEDADAM = of(Kind.FEDADAM);
  public static final AggregationStrategy FFA = of(Kind.FFA);
  public static final AggregationStrategy EXACT = of(Kind.EXACT);
  public static final AggregationStrategy MEDIAN = of(Kind.MEDIAN);
  public static final AggregationStrategy NORM_CLIP = of(Kind.NORM_CLIP);

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
    if (server == null) {
      server = ServerParams.defaults(kind);
    }
    server = server.normalizedFor(kind);
    if (!hasServerParams(kind) && !server.equals(ServerParams.FEDAVG)) {
      throw new IllegalArgumentException(
          "server parameters apply to fedavg, fedavgm and fedadam only, not " + kind.id());
    }
  }

  /** A strategy with no server parameters, or the kind's defaults. */
  public static AggregationStrategy of(Kind kind) {
    return new AggregationStrategy(kind, 0, 0, null);
  }

  public static AggregationStrategy trimmedMean(double trimFraction) {
    return new AggregationStrategy(Kind.TRIMMED_MEAN, trimFraction, 0, null);
  }

  /** Exact aggregation re-compressed to {@code rank}. */
  public static AggregationStrategy exact(int rank) {
    return new AggregationStrategy(Kind.EXACT, 0, rank, null);
  }

  /** A server-optimised strategy ({@code fedavg}, {@code fedavgm}, {@code fedadam}). */
  public static AggregationStrategy server(Kind kind, ServerParams params) {
    return new AggregationStrategy(kind, 0, 0, params);
  }

  private static boolean hasServerParams(Kind kind) {
    return kind == Kind.FEDAVG || kind == Kind.FEDAVGM || kind == Kind.FEDADAM;
  }

  /**
   * Whether the aggregate is a server step from the round's start adapter, so it needs that adapter
   * (the previous round's aggregate) whenever there is one: fedavgm, fedadam and fedavg with a
   * server learning rate other than 1.
   */
  public boolean stepsFromStart() {
    return kind == Kind.FEDAVGM
        || kind == Kind.FEDADAM
        || (kind == Kind.FEDAVG && server.serverLr() != 1.0);
  }

  /** Whether the aggregate carries server optimiser state ({@link ServerState}). */
  public boolean carriesServerState() {
    return kind == Kind.FEDAVGM || kind == Kind.FEDADAM;
  }

  /**
   * The canonical id, e.g. {@code fedavg}, {@code exact:8}, {@code trimmed-mean:0.2}, {@code
   * fedadam:server_lr=0.01;beta1=0.9;beta2=0.99;tau=0.001}.
   */
  public String id() {
    return switch (kind) {
      case TRIMMED_MEAN -> kind.id() + ":" + trimFraction;
      case EXACT -> rank > 0 ? kind.id() + ":" + rank : kind.id();
      case FEDAVG -> server.serverLr() == 1.0 ? kind.id() : kind.id() + ":" + params();
      case FEDAVGM, FEDADAM -> kind.id() + ":" + params();
      default -> kind.id();
    };
  }

  private String params() {
    StringBuilder s = new StringBuilder();
    server
        .used(kind)
        .forEach((k, v) -> s.append(s.isEmpty() ? "" : ";").append(k).append('=').append(v));
    return s.toString();
  }

  /**
   * Parses an id as {@link #id()} writes it; server parameters may be omitted (defaults) or given
   * in any order.
   *
   * @throws IllegalArgumentException naming the accepted forms, or the bad parameter
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
        if (hasServerParams(k) && parts.length == 2) {
          return server(k, parseParams(k, parts[1]));
        }
        if (parts.length == 1) {
          return of(k);
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "unknown strategy '"
            + id
            + "'; expected fedavg[:server_lr=E], fedavgm[:server_lr=E;beta1=B],"
            + " fedadam[:server_lr=E;beta1=B1;beta2=B2;tau=T], ffa, exact, exact:RANK, median,"
            + " trimmed-mean[:FRACTION], norm-clip");
  }

  private static ServerParams parseParams(Kind kind, String text) {
    ServerParams d = ServerParams.defaults(kind);
    Map<String, Double> values = new TreeMap<>(d.used(kind));
    for (String pair : text.split(";", -1)) {
      String[] kv = pair.split("=", 2);
      String name = kv[0].trim().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !values.containsKey(name)) {
        throw new IllegalArgumentException(
            kind.id()
                + " takes "
                + String.join(", ", d.used(kind).keySet())
                + "; got '"
                + pair
                + "'");
      }
      double v = Double.parseDouble(kv[1].trim());
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(name + " must be finite, got " + kv[1]);
      }
      values.put(name, v);
    }
    return new ServerParams(
        values.get("server_lr"),
        values.getOrDefault("beta1", d.beta1()),
        values.getOrDefault("beta2", d.beta2()),
        values.getOrDefault("tau", d.tau()));
  }

  @Override
  public String toString() {
    return id();
  }
}
