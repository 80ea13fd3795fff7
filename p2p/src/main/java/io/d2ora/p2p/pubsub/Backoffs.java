package io.d2ora.p2p.pubsub;

import java.util.HashMap;
import java.util.Map;

/**
 * PRUNE backoffs per topic and peer (gossipsub v1.1 "Prune Backoff"): while one runs, neither side
 * may GRAFT the other on that topic. Not thread-safe.
 */
final class Backoffs {
  /** Longest backoff honoured from a PRUNE (one hour), so a peer cannot lock us out for ever. */
  static final long MAX_SECONDS = 3600;

  private final Map<String, Map<PeerKey, Long>> until = new HashMap<>();

  /** Starts (or extends, never shortens) a backoff. */
  void start(String topic, PeerKey peer, long untilMillis) {
    until.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, untilMillis, Math::max);
  }

  boolean active(String topic, PeerKey peer, long nowMillis) {
    Map<PeerKey, Long> byPeer = until.get(topic);
    Long end = byPeer == null ? null : byPeer.get(peer);
    return end != null && end > nowMillis;
  }

  /** Forgets expired backoffs. */
  void prune(long nowMillis) {
    until.values().forEach(byPeer -> byPeer.values().removeIf(end -> end <= nowMillis));
    until.values().removeIf(Map::isEmpty);
  }
}
