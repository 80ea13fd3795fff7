package io.d2ora.p2p.rpc;

import io.d2ora.p2p.identity.PeerId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The serving slots of a {@link ContentExchange}: at most {@code global} requests at once, at most
 * {@code perPeer} of them for one peer, none for a peer penalised for stalling until its penalty
 * ends. Thread-safe.
 */
final class ServeSlots {
  /** Penalised peers remembered at once; the oldest penalty is forgotten first beyond this. */
  static final int MAX_PENALISED = 4096;

  enum Admission {
    GRANTED,
    BUSY,
    REFUSED
  }

  private final int global;
  private final int perPeer;
  private final long penaltyNanos;
  private final LongSupplier clock;
  private final Map<PeerId, Integer> byPeer = new HashMap<>();
  private final LinkedHashMap<PeerId, Long> refusedUntil = new LinkedHashMap<>();
  private int total;

  ServeSlots(int global, int perPeer, long penaltyNanos, LongSupplier clock) {
    this.global = global;
    this.perPeer = perPeer;
    this.penaltyNanos = penaltyNanos;
    this.clock = clock;
  }

  synchronized Admission tryAcquire(PeerId peer) {
    Long until = refusedUntil.get(peer);
    if (until != null) {
      if (clock.getAsLong() - until < 0) {
        return Admission.REFUSED;
      }
      refusedUntil.remove(peer);
    }
    int mine = byPeer.getOrDefault(peer, 0);
    if (total >= global || mine >= perPeer) {
      return Admission.BUSY;
    }
    total++;
    byPeer.put(peer, mine + 1);
    return Admission.GRANTED;
  }

  synchronized void release(PeerId peer) {
    Integer mine = byPeer.get(peer);
    if (mine == null) {
      throw new IllegalStateException("no slot held by " + peer);
    }
    total--;
    if (mine == 1) {
      byPeer.remove(peer);
    } else {
      byPeer.put(peer, mine - 1);
    }
  }

  /** Refuses {@code peer} for the penalty time from now. */
  synchronized void penalise(PeerId peer) {
    long now = clock.getAsLong();
    refusedUntil.remove(peer);
    refusedUntil.put(peer, now + penaltyNanos);
    // Insertion order is expiry order (one penalty length), so expired entries lead.
    for (Iterator<Long> it = refusedUntil.values().iterator(); it.hasNext(); ) {
      long until = it.next();
      if (refusedUntil.size() <= MAX_PENALISED && now - until < 0) {
        break;
      }
      it.remove();
    }
  }

  /** Slots in use (for tests and metrics). */
  synchronized int inUse() {
    return total;
  }
}
