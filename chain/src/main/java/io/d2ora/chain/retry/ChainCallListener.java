package io.d2ora.chain.retry;

import java.time.Duration;

/**
 * Told about every attempt a {@link RetryPolicy} makes, for metrics: which call (a method name of
 * {@link io.d2ora.chain.ChainClient}, a fixed set), how long it took and how it ended. Called on
 * the calling thread; must return quickly and not throw.
 */
public interface ChainCallListener {
  ChainCallListener NONE = new ChainCallListener() {};

  /** How an attempt ended. */
  enum Outcome {
    /** Returned a value. */
    OK,
    /** Failed with an outage that is retried (or given up on, after the last attempt). */
    UNAVAILABLE,
    /** Failed otherwise (a revert, bad data): passed through at once. */
    FAILED
  }

  /** One attempt of {@code call} took {@code latency} and ended as {@code outcome}. */
  default void attempted(String call, Duration latency, Outcome outcome) {}

  /** {@code call} failed with a retryable outage and is tried again after a backoff. */
  default void retrying(String call) {}
}
