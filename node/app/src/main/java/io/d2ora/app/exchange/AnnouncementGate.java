package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.pubsub.PubSubMessage;
import io.d2ora.p2p.pubsub.ValidationResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges gossiped announcements against the chain's peer registrations, within bounds a flood
 * cannot break:
 *
 * <ul>
 *   <li>each author may publish {@value #MAX_PER_AUTHOR} announcements per {@link #WINDOW} (an
 *       honest node announces one update per round); beyond, its messages are dropped (REJECT when
 *       it sent them to us itself, so gossipsub scores it down; IGNORE when relayed, so honest
 *       relays are not blamed) and it is reported once per window;
 *   <li>a signer's registration is read from the chain once per (round, signer) and {@link
 *       #CACHE_TTL}, in an LRU of {@value #CACHE_ENTRIES} entries;
 *   <li>chain reads run on one thread behind a queue of {@value #MAX_QUEUED_CHECKS}; at most
 *       {@value #MAX_PENDING_PER_FORWARDER} of them for messages one neighbour forwarded; the rest
 *       are dropped (IGNORE).
 * </ul>
 *
 * Verdicts: ACCEPT when the author is the peer the signer registered, REJECT when a fresh read
 * shows another peer, IGNORE when nothing proves a forgery (no registration, chain unreachable, a
 * cached mismatch, a dropped check).
 */
final class AnnouncementGate implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnnouncementGate.class);
  static final int MAX_PER_AUTHOR = 8;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int CACHE_ENTRIES = 4096;
  static final Duration CACHE_TTL = Duration.ofSeconds(30);
  static final int MAX_QUEUED_CHECKS = 256;
  static final int MAX_PENDING_PER_FORWARDER = 16;
  private static final int MAX_AUTHORS_TRACKED = 4096;

  private record Key(RoundId round, Address signer) {}

  private record Registration(Optional<byte[]> peer, long readAt) {}

  /** An author's announcements in its current window. */
  private static final class Allowance {
    long windowStart;
    int used;
    boolean reported;
  }

  private final PeerBinding binding;
  private final BiConsumer<PeerId, String> flooder;
  private final LongSupplier clock;
  private final ThreadPoolExecutor checks;
  private final Map<Key, Registration> cache = lru(CACHE_ENTRIES);
  private final Map<PeerId, Allowance> authors = lru(MAX_AUTHORS_TRACKED);
  private final Map<PeerId, AtomicInteger> pendingByForwarder = new ConcurrentHashMap<>();
  private final AtomicLong chainReads = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger queuedHighWater = new AtomicInteger();

  /**
   * @param flooder told of an author over its allowance (once per window)
   * @param clock nanoseconds, monotonic
   */
  AnnouncementGate(PeerBinding binding, BiConsumer<PeerId, String> flooder, LongSupplier clock) {
    this.binding = binding;
    this.flooder = flooder;
    this.clock = clock;
    this.checks =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_CHECKS),
            r -> Thread.ofPlatform().daemon().name("d2ora-announcements").unstarted(r));
  }

  private static <K, V> Map<K, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  /** Called on the pubsub thread: never blocks. */
  CompletionStage<ValidationResult> judge(UpdateAnnouncement a, PubSubMessage m) {
    if (!withinAllowance(m.author())) {
      dropped.incrementAndGet();
      boolean direct = m.author().equals(m.receivedFrom());
      return done(direct ? ValidationResult.REJECT : ValidationResult.IGNORE);
    }
    Key key = new Key(a.round(), a.signer());
    Registration cached;
    synchronized (cache) {
      cached = cache.get(key);
    }
    if (cached != null && clock.getAsLong() - cached.readAt() < CACHE_TTL.toNanos()) {
      ValidationResult verdict = verdict(m.author(), cached.peer());
      return done(verdict == ValidationResult.REJECT ? ValidationResult.IGNORE : verdict);
    }
    return check(key, a, m);
  }

  private boolean withinAllowance(PeerId author) {
    long now = clock.getAsLong();
    boolean report;
    synchronized (authors) {
      Allowance allowance = authors.computeIfAbsent(author, k -> new Allowance());
      if (allowance.used == 0 || now - allowance.windowStart >= WINDOW.toNanos()) {
        allowance.windowStart = now;
        allowance.used = 0;
        allowance.reported = false;
      }
      if (++allowance.used <= MAX_PER_AUTHOR) {
        return true;
      }
      report = !allowance.reported;
      allowance.reported = true;
    }
    if (report) {
      flooder.accept(
          author, "more than " + MAX_PER_AUTHOR + " update announcements within " + WINDOW);
    }
    return false;
  }

  private CompletionStage<ValidationResult> check(Key key, UpdateAnnouncement a, PubSubMessage m) {
    PeerId forwarder = m.receivedFrom();
    AtomicInteger pending = pendingByForwarder.computeIfAbsent(forwarder, k -> new AtomicInteger());
    if (pending.incrementAndGet() > MAX_PENDING_PER_FORWARDER) {
      release(forwarder, pending);
      dropped.incrementAndGet();
      return done(ValidationResult.IGNORE);
    }
    try {
      CompletableFuture<ValidationResult> verdict =
          CompletableFuture.supplyAsync(() -> read(key, a, m.author()), checks);
      queuedHighWater.accumulateAndGet(checks.getQueue().size(), Math::max);
      return verdict.whenComplete((v, e) -> release(forwarder, pending));
    } catch (RejectedExecutionException e) {
      release(forwarder, pending);
      dropped.incrementAndGet();
      return done(ValidationResult.IGNORE);
    }
  }

  private void release(PeerId forwarder, AtomicInteger pending) {
    if (pending.decrementAndGet() <= 0) {
      pendingByForwarder.remove(forwarder, pending);
    }
  }

  private ValidationResult read(Key key, UpdateAnnouncement a, PeerId author) {
    Optional<byte[]> registered;
    try {
      chainReads.incrementAndGet();
      registered = binding.registeredPeer(a.signer());
    } catch (RuntimeException e) {
      LOG.info("cannot check the author of {} now: {}", a, e.getMessage());
      return ValidationResult.IGNORE;
    }
    synchronized (cache) {
      cache.put(key, new Registration(registered, clock.getAsLong()));
    }
    ValidationResult verdict = verdict(author, registered);
    if (verdict == ValidationResult.REJECT) {
      LOG.warn(
          "rejecting forged announcement {}: author {} is not the peer {} registered",
          a,
          author,
          a.signer());
    } else if (registered.isEmpty()) {
      LOG.info("ignoring {}: {} registered no peer", a, a.signer());
    }
    return verdict;
  }

  private static ValidationResult verdict(PeerId author, Optional<byte[]> registered) {
    if (registered.isEmpty()) {
      return ValidationResult.IGNORE;
    }
    return Arrays.equals(registered.get(), author.bytes())
        ? ValidationResult.ACCEPT
        : ValidationResult.REJECT;
  }

  private static CompletionStage<ValidationResult> done(ValidationResult r) {
    return CompletableFuture.completedFuture(r);
  }

  /** Chain reads made so far (for tests and metrics). */
  long chainReads() {
    return chainReads.get();
  }

  /** Announcements dropped by the bounds so far (for tests and metrics). */
  long dropped() {
    return dropped.get();
  }

  /** The longest the check queue has been (for tests and metrics). */
  int queuedHighWater() {
    return queuedHighWater.get();
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
