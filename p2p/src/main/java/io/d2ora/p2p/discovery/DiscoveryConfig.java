package io.d2ora.p2p.discovery;

import io.d2ora.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;

/**
 * Discovery parameters.
 *
 * @param bootstrap addresses dialled first and redialled whenever the connection drops
 * @param targetConnections dial known peers while fewer than this many are connected
 * @param initialBackoff wait before redialling an address that failed once; doubles per failure
 * @param maxBackoff upper bound of that wait
 * @param tick how often the dialler looks for work
 * @param mdnsEnabled announce ourselves and listen for peers with libp2p mDNS
 * @param mdnsInterval how often an mDNS query is multicast
 */
public record DiscoveryConfig(
    List<Multiaddr> bootstrap,
    int targetConnections,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration tick,
    boolean mdnsEnabled,
    Duration mdnsInterval) {

  public static final int DEFAULT_TARGET_CONNECTIONS = 16;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TICK = Duration.ofMillis(500);
  public static final Duration DEFAULT_MDNS_INTERVAL = Duration.ofSeconds(10);

  public DiscoveryConfig {
    bootstrap = List.copyOf(bootstrap);
    if (targetConnections <= 0) {
      throw new IllegalArgumentException("targetConnections must be > 0, got " + targetConnections);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "expected 0 <= initialBackoff <= maxBackoff, got %s and %s"
              .formatted(initialBackoff, maxBackoff));
    }
    if (tick.isNegative() || tick.isZero() || mdnsInterval.isNegative() || mdnsInterval.isZero()) {
      throw new IllegalArgumentException("tick and mdnsInterval must be > 0");
    }
  }

  /** Defaults with the given bootstrap list and mDNS off. */
  public static DiscoveryConfig of(List<Multiaddr> bootstrap) {
    return new DiscoveryConfig(
        bootstrap,
        DEFAULT_TARGET_CONNECTIONS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_TICK,
        false,
        DEFAULT_MDNS_INTERVAL);
  }

  public DiscoveryConfig withMdns(boolean enabled) {
    return withMdns(enabled, mdnsInterval);
  }

  public DiscoveryConfig withMdns(boolean enabled, Duration interval) {
    return new DiscoveryConfig(
        bootstrap, targetConnections, initialBackoff, maxBackoff, tick, enabled, interval);
  }

  public DiscoveryConfig withBackoff(Duration initial, Duration max) {
    return new DiscoveryConfig(
        bootstrap, targetConnections, initial, max, tick, mdnsEnabled, mdnsInterval);
  }
}
