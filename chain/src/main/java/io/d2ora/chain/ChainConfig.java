package io.d2ora.chain;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the registry lives and how patiently to talk to it. {@code expectedChainId} 0 accepts any
 * chain (the connected chain's id is still used for signatures); otherwise connecting to another
 * chain fails.
 *
 * @param receiptTimeout how long a sent transaction's receipt is awaited (polling rides out outages
 *     within it) before the client gives up on it, unretryable
 * @param confirmations blocks on top of a transaction's block before its receipt is returned, and
 *     on top of the block a {@link ChainReader#snapshot()} reads (0: the latest block)
 * @param feeBumpAfter a transaction still pending this long after its (re)submission is replaced
 *     with the same nonce and fees raised by {@link #FEE_BUMP_PERCENT}; a quarter of it once the
 *     chain time is within it of the deadline the round sets for the transaction
 * @param maxFeeBumps replacements per transaction at most
 */
public record ChainConfig(
    URI rpcUrl,
    EthAddress registryAddress,
    long expectedChainId,
    Duration receiptPollInterval,
    Duration receiptTimeout,
    Duration eventPollInterval,
    int confirmations,
    Duration feeBumpAfter,
    int maxFeeBumps) {
  public static final Duration DEFAULT_RECEIPT_POLL_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_RECEIPT_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_EVENT_POLL_INTERVAL = Duration.ofMillis(500);
  public static final int DEFAULT_CONFIRMATIONS = 0;
  public static final Duration DEFAULT_FEE_BUMP_AFTER = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_FEE_BUMPS = 3;

  /** Replacement fee increase; nodes require at least 10% to accept a replacement. */
  public static final int FEE_BUMP_PERCENT = 25;

  public ChainConfig {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(registryAddress, "registryAddress");
    if (!"http".equals(rpcUrl.getScheme()) && !"https".equals(rpcUrl.getScheme())) {
      throw new IllegalArgumentException("expected an http(s) JSON-RPC URL, got " + rpcUrl);
    }
    if (expectedChainId < 0) {
      throw new IllegalArgumentException("expected a chain id >= 0, got " + expectedChainId);
    }
    positive("receiptPollInterval", receiptPollInterval);
    positive("receiptTimeout", receiptTimeout);
    positive("eventPollInterval", eventPollInterval);
    positive("feeBumpAfter", feeBumpAfter);
    if (confirmations < 0 || confirmations > 1000) {
      throw new IllegalArgumentException("expected 0..1000 confirmations, got " + confirmations);
    }
    if (maxFeeBumps < 0) {
      throw new IllegalArgumentException("expected maxFeeBumps >= 0, got " + maxFeeBumps);
    }
  }

  public static ChainConfig of(URI rpcUrl, EthAddress registry, long expectedChainId) {
    return new ChainConfig(
        rpcUrl,
        registry,
        expectedChainId,
        DEFAULT_RECEIPT_POLL_INTERVAL,
        DEFAULT_RECEIPT_TIMEOUT,
        DEFAULT_EVENT_POLL_INTERVAL,
        DEFAULT_CONFIRMATIONS,
        DEFAULT_FEE_BUMP_AFTER,
        DEFAULT_MAX_FEE_BUMPS);
  }

  public ChainConfig withEventPollInterval(Duration interval) {
    return new ChainConfig(
        rpcUrl,
        registryAddress,
        expectedChainId,
        receiptPollInterval,
        receiptTimeout,
        interval,
        confirmations,
        feeBumpAfter,
        maxFeeBumps);
  }

  public ChainConfig withReceipts(Duration pollInterval, Duration timeout) {
    return new ChainConfig(
        rpcUrl,
        registryAddress,
        expectedChainId,
        pollInterval,
        timeout,
        eventPollInterval,
        confirmations,
        feeBumpAfter,
        maxFeeBumps);
  }

  public ChainConfig withConfirmations(int blocks) {
    return new ChainConfig(
        rpcUrl,
        registryAddress,
        expectedChainId,
        receiptPollInterval,
        receiptTimeout,
        eventPollInterval,
        blocks,
        feeBumpAfter,
        maxFeeBumps);
  }

  public ChainConfig withFeeBumps(Duration after, int max) {
    return new ChainConfig(
        rpcUrl,
        registryAddress,
        expectedChainId,
        receiptPollInterval,
        receiptTimeout,
        eventPollInterval,
        confirmations,
        after,
        max);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("expected a positive " + name + ", got " + d);
    }
  }
}
