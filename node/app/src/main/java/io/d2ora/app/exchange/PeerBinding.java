package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import java.util.Optional;

/**
 * Which chain address a libp2p peer speaks for: in the node, the registry's peer registrations.
 * Called on the exchange's worker thread (may block on the chain).
 */
@FunctionalInterface
public interface PeerBinding {
  /** Binds nobody: announcements are delivered unchecked (the round logic still checks them). */
  PeerBinding NONE = peerId -> Optional.empty();

  /** The address that registered {@code peerId} (multihash bytes), if any. */
  Optional<Address> owner(byte[] peerId);
}
