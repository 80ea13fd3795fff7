package io.d2ora.p2p.pubsub;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids seen recently, for de-duplication; each expires {@code ttl} after it was first seen
 * (spec: "seen cache" / js {@code seenTTL}). Bounded in size: when full, the oldest entry goes
 * first. Not thread-safe.
 */
final class SeenCache {
  private final long ttlMillis;
  private final int maxEntries;
  private final LinkedHashMap<MessageId, Long> expiry = new LinkedHashMap<>();

  SeenCache(long ttlMillis, int maxEntries) {
    if (ttlMillis <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException(
          "ttl and capacity must be > 0, got ttl=%d ms capacity=%d"
              .formatted(ttlMillis, maxEntries));
    }
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  /** Records the id; true when it was not seen before (or had expired). */
  boolean add(MessageId id, long nowMillis) {
    Long until = expiry.get(id);
    if (until != null && until > nowMillis) {
      return false;
    }
    expiry.remove(id);
    expiry.put(id, nowMillis + ttlMillis);
    if (expiry.size() > maxEntries) {
      Iterator<MessageId> oldest = expiry.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  boolean contains(MessageId id, long nowMillis) {
    Long until = expiry.get(id);
    return until != null && until > nowMillis;
  }

  /** Drops expired ids; entries are in insertion order, so it stops at the first live one. */
  void prune(long nowMillis) {
    Iterator<Map.Entry<MessageId, Long>> it = expiry.entrySet().iterator();
    while (it.hasNext() && it.next().getValue() <= nowMillis) {
      it.remove();
    }
  }

  int size() {
    return expiry.size();
  }
}
