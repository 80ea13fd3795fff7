package io.d2ora.p2p.rpc;

import java.time.Duration;

/**
 * Limits of the content exchange.
 *
 * @param maxContentBytes largest content served or accepted; checked before allocation
 * @param requestTimeout a whole fetch, from opening the stream to the last byte
 * @param maxConcurrentServes requests served at once; more are answered BUSY
 * @param maxConcurrentFetches fetches in flight at once; more wait in a queue
 */
public record ContentExchangeConfig(
    int maxContentBytes,
    Duration requestTimeout,
    int maxConcurrentServes,
    int maxConcurrentFetches) {
  public static final int DEFAULT_MAX_CONTENT_BYTES = 256 * 1024 * 1024;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_CONCURRENT_SERVES = 8;
  public static final int DEFAULT_MAX_CONCURRENT_FETCHES = 4;

  public static final ContentExchangeConfig DEFAULT =
      new ContentExchangeConfig(
          DEFAULT_MAX_CONTENT_BYTES,
          DEFAULT_REQUEST_TIMEOUT,
          DEFAULT_MAX_CONCURRENT_SERVES,
          DEFAULT_MAX_CONCURRENT_FETCHES);

  public ContentExchangeConfig {
    if (maxContentBytes <= 0 || maxConcurrentServes <= 0 || maxConcurrentFetches <= 0) {
      throw new IllegalArgumentException(
          "limits must be > 0, got maxContentBytes="
              + maxContentBytes
              + ", maxConcurrentServes="
              + maxConcurrentServes
              + ", maxConcurrentFetches="
              + maxConcurrentFetches);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
  }
}
