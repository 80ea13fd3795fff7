package io.d2ora.p2p;

import io.d2ora.p2p.identity.PeerId;

/**
 * Hears about peers that broke a protocol (malformed or oversized frames, failed verification,
 * protocol violations). Scoring (e.g. pubsub peer scores) subscribes here. Called on an event loop:
 * must not block.
 */
@FunctionalInterface
public interface MisbehaviorListener {
  /**
   * @param peer the offending peer
   * @param protocol the protocol id (or layer, e.g. {@code /yamux/1.0.0}) where it happened
   * @param reason human-readable description
   */
  void onMisbehavior(PeerId peer, String protocol, String reason);
}
