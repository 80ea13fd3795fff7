package io.d2ora.core.round;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and limits of a {@link RoundRunner}. Immutable; build with {@link #builder()}.
 *
 * @param pollInterval how often to re-read the ledger while waiting for others
 * @param commitSettle how long after the commit deadline to wait before treating the visible
 *     commitments as complete (covers ledger read lag)
 * @param fetchWindow how long after the commit deadline to keep fetching missing updates (capped at
 *     the finalize deadline); then the round goes on with what verified
 * @param finalizationGrace how long past the finalize deadline to wait for a finalization to become
 *     visible before giving up on it
 * @param backoffInitial first retry delay after a ledger or network failure (doubles each time)
 * @param backoffMax longest retry delay
 * @param maxConsecutiveFailures failures in a row after which the runner gives up on the round
 * @param maxUpdateBytes largest update file accepted from a peer
 */
public record RoundRunnerConfig(
    Duration pollInterval,
    Duration commitSettle,
    Duration fetchWindow,
    Duration finalizationGrace,
    Duration backoffInitial,
    Duration backoffMax,
    int maxConsecutiveFailures,
    long maxUpdateBytes) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_COMMIT_SETTLE = Duration.ofSeconds(3);
  public static final Duration DEFAULT_FETCH_WINDOW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_FINALIZATION_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 30;
  public static final long DEFAULT_MAX_UPDATE_BYTES = 64L * 1024 * 1024;

  public static final RoundRunnerConfig DEFAULT = builder().build();

  public RoundRunnerConfig {
    for (Duration d :
        new Duration[] {
          pollInterval, commitSettle, fetchWindow, finalizationGrace, backoffInitial, backoffMax
        }) {
      if (Objects.requireNonNull(d, "duration").isNegative()) {
        throw new IllegalArgumentException("durations must be >= 0, got " + d);
      }
    }
    if (!pollInterval.isPositive() || !backoffInitial.isPositive()) {
      throw new IllegalArgumentException(
          "pollInterval and backoffInitial must be > 0, got "
              + pollInterval
              + ", "
              + backoffInitial);
    }
    if (maxConsecutiveFailures < 1 || maxUpdateBytes < 1) {
      throw new IllegalArgumentException(
          "maxConsecutiveFailures and maxUpdateBytes must be >= 1, got "
              + maxConsecutiveFailures
              + ", "
              + maxUpdateBytes);
    }
  }

  /** The delay before retry number {@code failures} (1-based): exponential, capped. */
  public Duration backoff(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    Duration delay = backoffInitial.multipliedBy(1L << doublings);
    return delay.compareTo(backoffMax) > 0 ? backoffMax : delay;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RoundRunnerConfig}; unset values take the {@code DEFAULT_*} constants. */
  public static final class Builder {
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration commitSettle = DEFAULT_COMMIT_SETTLE;
    private Duration fetchWindow = DEFAULT_FETCH_WINDOW;
    private Duration finalizationGrace = DEFAULT_FINALIZATION_GRACE;
    private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;
    private long maxUpdateBytes = DEFAULT_MAX_UPDATE_BYTES;

    private Builder() {}

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder commitSettle(Duration value) {
      commitSettle = value;
      return this;
    }

    public Builder fetchWindow(Duration value) {
      fetchWindow = value;
      return this;
    }

    public Builder finalizationGrace(Duration value) {
      finalizationGrace = value;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      backoffInitial = initial;
      backoffMax = max;
      return this;
    }

    public Builder maxConsecutiveFailures(int value) {
      maxConsecutiveFailures = value;
      return this;
    }

    public Builder maxUpdateBytes(long value) {
      maxUpdateBytes = value;
      return this;
    }

    public RoundRunnerConfig build() {
      return new RoundRunnerConfig(
          pollInterval,
          commitSettle,
          fetchWindow,
          finalizationGrace,
          backoffInitial,
          backoffMax,
          maxConsecutiveFailures,
          maxUpdateBytes);
    }
  }
}
