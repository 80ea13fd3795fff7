package io.d2ora.p2p;

import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable configuration of a {@link P2PNetwork}. Build with {@link #builder(PrivateKey)}; every
 * field has a {@code DEFAULT_*} constant.
 *
 * @param identity the node's identity key (its peer ID derives from it)
 * @param listenAddresses TCP multiaddrs to listen on ({@code /ip4/0.0.0.0/tcp/0} picks a port);
 *     empty for a dial-only node
 * @param agentVersion sent in identify
 * @param maxConnections total open connections; further inbound ones are refused, dials fail
 * @param maxStreamsPerConnection open yamux streams per connection, both directions together
 * @param maxReceiveWindow the largest per-stream receive window yamux grows to (starts at 256 KiB)
 * @param dialTimeout TCP connect plus security and muxer handshakes
 * @param negotiationTimeout multistream-select on a new stream
 * @param maxStreamBuffer bytes buffered for a stream whose reader has not consumed them, beyond
 *     which yamux flow control has been violated and the stream is reset
 */
public record P2PConfig(
    PrivateKey identity,
    List<Multiaddr> listenAddresses,
    String agentVersion,
    int maxConnections,
    int maxStreamsPerConnection,
    int maxReceiveWindow,
    Duration dialTimeout,
    Duration negotiationTimeout,
    int maxStreamBuffer) {
  public static final String DEFAULT_LISTEN_ADDRESS = "/ip4/0.0.0.0/tcp/0";
  public static final String DEFAULT_AGENT_VERSION = "d2ora/0.1.0";
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 512;
  public static final int DEFAULT_MAX_RECEIVE_WINDOW = 16 * 1024 * 1024;
  public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_STREAM_BUFFER = DEFAULT_MAX_RECEIVE_WINDOW;

  public P2PConfig {
    Objects.requireNonNull(identity, "identity");
    listenAddresses = List.copyOf(listenAddresses);
    Objects.requireNonNull(agentVersion, "agentVersion");
    checkPositive("maxConnections", maxConnections);
    checkPositive("maxStreamsPerConnection", maxStreamsPerConnection);
    if (maxReceiveWindow < 256 * 1024) {
      throw new IllegalArgumentException(
          "maxReceiveWindow must be >= 262144 (yamux's initial window), got " + maxReceiveWindow);
    }
    if (maxStreamBuffer < maxReceiveWindow) {
      throw new IllegalArgumentException(
          "maxStreamBuffer must be >= maxReceiveWindow ("
              + maxReceiveWindow
              + "), got "
              + maxStreamBuffer);
    }
    checkPositive("dialTimeout", dialTimeout);
    checkPositive("negotiationTimeout", negotiationTimeout);
  }

  public static Builder builder(PrivateKey identity) {
    return new Builder(identity);
  }

  public Builder toBuilder() {
    return new Builder(identity)
        .listenAddresses(listenAddresses)
        .agentVersion(agentVersion)
        .maxConnections(maxConnections)
        .maxStreamsPerConnection(maxStreamsPerConnection)
        .maxReceiveWindow(maxReceiveWindow)
        .dialTimeout(dialTimeout)
        .negotiationTimeout(negotiationTimeout)
        .maxStreamBuffer(maxStreamBuffer);
  }

  /** Builder with the defaults above. */
  public static final class Builder {
    private final PrivateKey identity;
    private List<Multiaddr> listenAddresses = List.of(Multiaddr.parse(DEFAULT_LISTEN_ADDRESS));
    private String agentVersion = DEFAULT_AGENT_VERSION;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxStreamsPerConnection = DEFAULT_MAX_STREAMS_PER_CONNECTION;
    private int maxReceiveWindow = DEFAULT_MAX_RECEIVE_WINDOW;
    private Duration dialTimeout = DEFAULT_DIAL_TIMEOUT;
    private Duration negotiationTimeout = DEFAULT_NEGOTIATION_TIMEOUT;
    private int maxStreamBuffer = DEFAULT_MAX_STREAM_BUFFER;

    private Builder(PrivateKey identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
    }

    public Builder listenAddresses(List<Multiaddr> value) {
      this.listenAddresses = List.copyOf(value);
      return this;
    }

    public Builder listenAddress(String value) {
      return listenAddresses(List.of(Multiaddr.parse(value)));
    }

    public Builder agentVersion(String value) {
      this.agentVersion = value;
      return this;
    }

    public Builder maxConnections(int value) {
      this.maxConnections = value;
      return this;
    }

    public Builder maxStreamsPerConnection(int value) {
      this.maxStreamsPerConnection = value;
      return this;
    }

    /** Also raises {@code maxStreamBuffer} to at least this value. */
    public Builder maxReceiveWindow(int value) {
      this.maxReceiveWindow = value;
      this.maxStreamBuffer = Math.max(maxStreamBuffer, value);
      return this;
    }

    public Builder dialTimeout(Duration value) {
      this.dialTimeout = value;
      return this;
    }

    public Builder negotiationTimeout(Duration value) {
      this.negotiationTimeout = value;
      return this;
    }

    public Builder maxStreamBuffer(int value) {
      this.maxStreamBuffer = value;
      return this;
    }

    public P2PConfig build() {
      return new P2PConfig(
          identity,
          listenAddresses,
          agentVersion,
          maxConnections,
          maxStreamsPerConnection,
          maxReceiveWindow,
          dialTimeout,
          negotiationTimeout,
          maxStreamBuffer);
    }
  }

  private static void checkPositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  private static void checkPositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
  }
}
