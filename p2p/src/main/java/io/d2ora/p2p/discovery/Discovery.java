package io.d2ora.p2p.discovery;

import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.List;
import java.util.Set;

/**
 * Keeps a {@link io.d2ora.p2p.P2PNetwork} connected to the peers it knows of.
 *
 * <p>Order of calls: create, {@link #start()}, then {@link #addPeers} whenever the application
 * learns addresses (any time, any thread); {@link #close()} stops dialling (connections stay open).
 * Addresses should end in {@code /p2p/<peer-id>} so the dialled identity is checked.
 */
public interface Discovery extends AutoCloseable {

  /** Begins dialling known peers (bootstrap first) and, if enabled, mDNS. */
  void start();

  /** Adds dialable addresses; known ones are ignored. Dialled at the next tick. */
  void addPeers(List<Multiaddr> addresses);

  /** Every address known so far, from any source. */
  Set<Multiaddr> knownAddresses();

  /** Stops dialling and mDNS; idempotent. */
  @Override
  void close();
}
