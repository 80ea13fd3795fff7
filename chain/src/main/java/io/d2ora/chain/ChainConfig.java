package io.d2ora.chain;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the registry lives and how patiently to talk to it. {@code expectedChainId} 0 accepts any
 * chain (the connected chain's id is still used for signatures); otherwise connecting to another
 * chain fails.
 */
public record ChainConfig(
    URI rpcUrl,
    EthAddress registryAddress,
    long expectedChainId,
    Duration receiptPollInterval,
    Duration receiptTimeout,
    Duration eventPollInterval) {
  public static final Duration DEFAULT_RECEIPT_POLL_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_RECEIPT_TIMEOUT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_EVENT_POLL_INTERVAL = Duration.ofMillis(500);

  public ChainConfig {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(registryAddress, "registryAddress");
    if (!"http".equals(rpcUrl.getScheme()) && !"https".equals(rpcUrl.getScheme())) {
      throw new IllegalArgumentException("expected an http(s) JSON-RPC URL, got " + rpcUrl);
    }
    if (expectedChainId < 0) {
      throw new IllegalArgumentException("expected a chain id >= 0, got " + expectedChainId);
    }
  }

  public static ChainConfig of(URI rpcUrl, EthAddress registry, long expectedChainId) {
    return new ChainConfig(
        rpcUrl,
        registry,
        expectedChainId,
        DEFAULT_RECEIPT_POLL_INTERVAL,
        DEFAULT_RECEIPT_TIMEOUT,
        DEFAULT_EVENT_POLL_INTERVAL);
  }
}
