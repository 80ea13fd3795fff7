package io.d2ora.p2p.discovery;

import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Which addresses to dial when: exponential backoff per address (initial * 2^(failures-1), capped,
 * with +-20% jitter so that peers restarting together do not dial in lockstep); a success resets
 * it. Pure and clock-free (times are passed in), so it is unit-tested without sockets. Not
 * thread-safe.
 */
final class DialSchedule {
  private static final double JITTER = 0.2;

  private static final class Entry {
    int failures;
    long nextAttemptMillis;
    boolean dialling;
  }

  private final long initialMillis;
  private final long maxMillis;
  private final Random random;
  private final Map<Multiaddr, Entry> entries = new LinkedHashMap<>();

  DialSchedule(long initialMillis, long maxMillis, Random random) {
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
    this.random = random;
  }

  /** Adds an address, due immediately; false if it was known. */
  boolean add(Multiaddr address) {
    return entries.putIfAbsent(address, new Entry()) == null;
  }

  Set<Multiaddr> addresses() {
    return Set.copyOf(entries.keySet());
  }

  /** Due addresses not dialling now and not excluded (e.g. already connected), oldest first. */
  List<Multiaddr> due(long nowMillis, int max, java.util.function.Predicate<Multiaddr> exclude) {
    List<Multiaddr> out = new ArrayList<>();
    for (Map.Entry<Multiaddr, Entry> e : entries.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      Entry entry = e.getValue();
      if (!entry.dialling && entry.nextAttemptMillis <= nowMillis && !exclude.test(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  void dialling(Multiaddr address) {
    entries.get(address).dialling = true;
  }

  void succeeded(Multiaddr address) {
    Entry entry = entries.get(address);
    entry.dialling = false;
    entry.failures = 0;
    entry.nextAttemptMillis = 0;
  }

  /** Records a failure; returns the wait before the next attempt. */
  long failed(Multiaddr address, long nowMillis) {
    Entry entry = entries.get(address);
    entry.dialling = false;
    entry.failures++;
    long base = initialMillis << Math.min(entry.failures - 1, 30);
    long wait = Math.min(maxMillis, base < 0 ? maxMillis : base);
    long jittered = (long) (wait * (1 - JITTER + 2 * JITTER * random.nextDouble()));
    entry.nextAttemptMillis = nowMillis + jittered;
    return jittered;
  }

  /** The connection to this address dropped: redial after the initial backoff. */
  void disconnected(Multiaddr address, long nowMillis) {
    Entry entry = entries.get(address);
    if (entry != null && !entry.dialling) {
      entry.nextAttemptMillis = nowMillis + initialMillis;
    }
  }

  int failures(Multiaddr address) {
    return entries.get(address).failures;
  }
}
