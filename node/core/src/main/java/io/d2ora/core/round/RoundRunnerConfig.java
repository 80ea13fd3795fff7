package io.d2ora.core.round;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and limits of a {@link RoundRunner}. Immutable; build with {@link #builder()}. Deadlines
 * themselves are the round's, judged by chain time; these durations say how patient the node is
 * within them.
 *
 * @param pollInterval how often to re-read the ledger while waiting for others or for a block
 * @param fetchWindow how long after the commit deadline to keep fetching missing updates (capped at
 *     the finalize deadline); then the round goes on with what verified
 * @param proposalGrace how long after the fetch window a participant other than the aggregator
 *     waits for a proposal matching its own result before proposing that result itself (the n-th
 *     such participant, in address order, waits n times as long, so honest nodes do not all send
 *     the same proposal at once)
 * @param backoffInitial first retry delay after a ledger or network failure (doubles each time)
 * @param backoffMax longest retry delay; an outage is retried at this pace for as long as it lasts
 * @param maxUpdateBytes largest update file accepted from a peer
 */
public record RoundRunnerConfig(
    Duration pollInterval,
    Duration fetchWindow,
    Duration proposalGrace,
    Duration backoffInitial,
    Duration backoffMax,
    long maxUpdateBytes) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_FETCH_WINDOW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_PROPOSAL_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_UPDATE_BYTES = 64L * 1024 * 1024;

  public static final RoundRunnerConfig DEFAULT = builder().build();

  public RoundRunnerConfig {
    for (Duration d :
        new Duration[] {pollInterval, fetchWindow, proposalGrace, backoffInitial, backoffMax}) {
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
    if (maxUpdateBytes < 1) {
      throw new IllegalArgumentException("maxUpdateBytes must be >= 1, got " + maxUpdateBytes);
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
    private Duration fetchWindow = DEFAULT_FETCH_WINDOW;
    private Duration proposalGrace = DEFAULT_PROPOSAL_GRACE;
    private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private long maxUpdateBytes = DEFAULT_MAX_UPDATE_BYTES;

    private Builder() {}

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder fetchWindow(Duration value) {
      fetchWindow = value;
      return this;
    }

    public Builder proposalGrace(Duration value) {
      proposalGrace = value;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      backoffInitial = initial;
      backoffMax = max;
      return this;
    }

    public Builder maxUpdateBytes(long value) {
      maxUpdateBytes = value;
      return this;
    }

    public RoundRunnerConfig build() {
      return new RoundRunnerConfig(
          pollInterval, fetchWindow, proposalGrace, backoffInitial, backoffMax, maxUpdateBytes);
    }
  }
}
