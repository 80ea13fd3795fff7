package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import java.util.Optional;

/**
 * Which libp2p peer speaks for a chain address: in the node, the registry's peer registrations.
 * Called on the exchange's worker thread (may block on the chain).
 */
@FunctionalInterface
public interface PeerBinding {
  /** Binds nobody: announcements are delivered unchecked (the round logic still checks them). */
  PeerBinding NONE = account -> Optional.empty();

  /** The peer ID (multihash bytes) {@code account} registered, if any. */
  Optional<byte[]> registeredPeer(Address account);
}
