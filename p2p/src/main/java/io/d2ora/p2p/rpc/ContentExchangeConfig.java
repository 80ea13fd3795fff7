package io.d2ora.p2p.rpc;

import java.time.Duration;

/**
 * Limits of the content exchange. Build with {@link #builder()}; every field has a {@code
 * DEFAULT_*} constant.
 *
 * @param maxContentBytes largest content served or accepted (a fetch may accept less); a larger
 *     declared size is a protocol violation, checked before anything is allocated
 * @param requestTimeout a whole fetch, from opening the stream to the last byte; also the longest a
 *     response is served
 * @param maxConcurrentServes requests served at once over all peers; more are answered BUSY
 * @param maxConcurrentServesPerPeer requests of one peer served at once; more are answered BUSY, so
 *     one peer cannot take every serving slot
 * @param stallTimeout how long a requester may take to send its request, and to take each {@value
 *     ContentServer#CHUNK_BYTES} bytes of the response, before the stream is reset and the peer is
 *     reported (a reader that stops reading holds a slot no longer than this)
 * @param stallPenalty how long a peer caught stalling is answered BUSY without being served
 * @param maxConcurrentFetches fetches in flight at once; more wait in a queue
 */
public record ContentExchangeConfig(
    int maxContentBytes,
    Duration requestTimeout,
    int maxConcurrentServes,
    int maxConcurrentServesPerPeer,
    Duration stallTimeout,
    Duration stallPenalty,
    int maxConcurrentFetches) {
  public static final int DEFAULT_MAX_CONTENT_BYTES = 256 * 1024 * 1024;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_CONCURRENT_SERVES = 8;
  public static final int DEFAULT_MAX_CONCURRENT_SERVES_PER_PEER = 2;
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_STALL_PENALTY = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_CONCURRENT_FETCHES = 4;

  public static final ContentExchangeConfig DEFAULT = builder().build();

  public ContentExchangeConfig {
    if (maxContentBytes <= 0
        || maxConcurrentServes <= 0
        || maxConcurrentServesPerPeer <= 0
        || maxConcurrentFetches <= 0) {
      throw new IllegalArgumentException(
          "limits must be > 0, got maxContentBytes="
              + maxContentBytes
              + ", maxConcurrentServes="
              + maxConcurrentServes
              + ", maxConcurrentServesPerPeer="
              + maxConcurrentServesPerPeer
              + ", maxConcurrentFetches="
              + maxConcurrentFetches);
    }
    checkPositive("requestTimeout", requestTimeout);
    checkPositive("stallTimeout", stallTimeout);
    checkPositive("stallPenalty", stallPenalty);
  }

  private static void checkPositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts from the defaults. */
  public static final class Builder {
    private int maxContentBytes = DEFAULT_MAX_CONTENT_BYTES;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxConcurrentServes = DEFAULT_MAX_CONCURRENT_SERVES;
    private int maxConcurrentServesPerPeer = DEFAULT_MAX_CONCURRENT_SERVES_PER_PEER;
    private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
    private Duration stallPenalty = DEFAULT_STALL_PENALTY;
    private int maxConcurrentFetches = DEFAULT_MAX_CONCURRENT_FETCHES;

    private Builder() {}

    public Builder maxContentBytes(int value) {
      maxContentBytes = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder maxConcurrentServes(int value) {
      maxConcurrentServes = value;
      return this;
    }

    public Builder maxConcurrentServesPerPeer(int value) {
      maxConcurrentServesPerPeer = value;
      return this;
    }

    public Builder stallTimeout(Duration value) {
      stallTimeout = value;
      return this;
    }

    public Builder stallPenalty(Duration value) {
      stallPenalty = value;
      return this;
    }

    public Builder maxConcurrentFetches(int value) {
      maxConcurrentFetches = value;
      return this;
    }

    public ContentExchangeConfig build() {
      return new ContentExchangeConfig(
          maxContentBytes,
          requestTimeout,
          maxConcurrentServes,
          maxConcurrentServesPerPeer,
          stallTimeout,
          stallPenalty,
          maxConcurrentFetches);
    }
  }
}
