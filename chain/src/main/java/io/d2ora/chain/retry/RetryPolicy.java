package io.d2ora.chain.retry;

import io.d2ora.chain.ChainUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that failed with a {@link ChainUnavailableException#retryable() retryable} outage,
 * with exponential backoff ({@code initialDelay}, doubling, capped at {@code maxDelay}) for at most
 * {@code maxAttempts} attempts; then throws a {@link ChainUnavailableException} saying how long it
 * tried. Everything else passes through at once. Each attempt is reported to {@code listener}.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, ChainCallListener listener) {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("expected maxAttempts >= 1, got " + maxAttempts);
    }
    Objects.requireNonNull(listener, "listener");
  }

  public RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    this(maxAttempts, initialDelay, maxDelay, ChainCallListener.NONE);
  }

  /** This policy, reporting its attempts to {@code to}. */
  public RetryPolicy withListener(ChainCallListener to) {
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, to);
  }

  /** Runs {@code call} under the policy; {@code what} names it in logs and the final error. */
  public <T> T retry(String what, Supplier<T> call) {
    Duration delay = initialDelay;
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      long attemptStarted = System.nanoTime();
      try {
        T result = call.get();
        report(what, attemptStarted, ChainCallListener.Outcome.OK);
        return result;
      } catch (ChainUnavailableException e) {
        report(what, attemptStarted, ChainCallListener.Outcome.UNAVAILABLE);
        if (!e.retryable()) {
          throw e;
        }
        if (attempt >= maxAttempts) {
          Duration spent = Duration.ofNanos(System.nanoTime() - started);
          throw new ChainUnavailableException(
              "%s: chain unavailable after %d attempts over %d ms: %s"
                  .formatted(what, attempt, spent.toMillis(), e.getMessage()),
              true,
              e);
        }
        LOG.warn(
            "{}: chain unavailable (attempt {}/{}), retrying in {} ms: {}",
            what,
            attempt,
            maxAttempts,
            delay.toMillis(),
            e.getMessage());
        listener.retrying(what);
        sleep(delay);
        delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
      } catch (RuntimeException e) {
        report(what, attemptStarted, ChainCallListener.Outcome.FAILED);
        throw e;
      }
    }
  }

  private void report(String what, long attemptStarted, ChainCallListener.Outcome outcome) {
    listener.attempted(what, Duration.ofNanos(System.nanoTime() - attemptStarted), outcome);
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainUnavailableException("interrupted while waiting to retry", false, e);
    }
  }
}
