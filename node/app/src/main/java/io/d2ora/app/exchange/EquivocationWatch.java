package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.round.RoundId;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches update equivocation on the gossip topic: a signer whose verified announcements sign two
 * different updates (hash or sample count) for one round. The first two are reported to the
 * registry at once, which slashes the signer; a report the registry refuses (another node was
 * first, the evidence window closed) is told to the listener, never retried. Bounded: the first
 * signed update of at most {@value #MAX_TRACKED} (round, signer) pairs is kept, the oldest dropped.
 * Thread-safe; reports run on one thread of their own.
 */
final class EquivocationWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EquivocationWatch.class);
  static final int MAX_TRACKED = 4096;
  static final int ATTEMPTS = 5;
  static final Duration RETRY = Duration.ofSeconds(2);

  private record Key(RoundId round, Address signer) {}

  private final UpdateSignatures signatures;
  private final EquivocationReports listener;
  private final Map<Key, SignedAnnouncement> first = lru(MAX_TRACKED);
  private final Set<Key> reported = Collections.newSetFromMap(lru(MAX_TRACKED));
  private final ExecutorService reporter =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("d2ora-equivocation").unstarted(r));

  private final Duration retry;

  EquivocationWatch(UpdateSignatures signatures, EquivocationReports listener) {
    this(signatures, listener, RETRY);
  }

  /** {@code retry}: the wait before the second attempt; each further one waits that much more. */
  EquivocationWatch(UpdateSignatures signatures, EquivocationReports listener, Duration retry) {
    this.signatures = signatures;
    this.listener = listener;
    this.retry = retry;
  }

  /** Takes an announcement whose signature verified. */
  void observe(SignedAnnouncement a) {
    Key key = new Key(a.announcement().round(), a.announcement().signer());
    SignedAnnouncement earlier;
    synchronized (this) {
      earlier = first.putIfAbsent(key, a);
      if (earlier == null || earlier.signsSameUpdate(a) || !reported.add(key)) {
        return;
      }
    }
    LOG.warn("{} signed two updates in round {}: {} and {}", key.signer, key.round, earlier, a);
    reporter.execute(() -> report(key, earlier, a));
  }

  private void report(Key key, SignedAnnouncement a, SignedAnnouncement b) {
    for (int attempt = 1; ; attempt++) {
      try {
        listener.reported(key.round, key.signer, signatures.report(a, b));
        return;
      } catch (LedgerRejectedException e) {
        listener.notReported(key.round, key.signer, e.getMessage());
        return;
      } catch (LedgerUnavailableException e) {
        if (attempt == ATTEMPTS) {
          listener.notReported(key.round, key.signer, e.getMessage());
          return;
        }
        try {
          Thread.sleep(retry.multipliedBy(attempt).toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    reporter.shutdownNow();
  }

  private static <K, V> Map<K, V> lru(int capacity) {
    return new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
