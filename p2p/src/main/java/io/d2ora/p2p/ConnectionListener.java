package io.d2ora.p2p;

/**
 * Observes connections of a {@link P2PNetwork}. Called on the connection's event loop: must not
 * block. A peer may have more than one connection (simultaneous dials): expect one call per
 * connection.
 */
public interface ConnectionListener {
  /** The connection is authenticated and multiplexed; streams may be opened. */
  default void onConnected(Connection connection) {}

  /** The connection closed. */
  default void onDisconnected(Connection connection) {}

  /**
   * The peer's identify (or identify push) arrived; {@link PeerInfo#protocols()} lists what it
   * serves, e.g. {@code /meshsub/1.1.0}.
   */
  default void onIdentified(Connection connection, PeerInfo info) {}
}
