package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the bytes of other participants' commitments and accepts only bytes that hash to the
 * commitment and validate (bytes found in the local store are validated too); checks announcements
 * against the ledger. Announcements arrive on the exchange's thread and are only queued; everything
 * else runs on the runner's thread.
 *
 * <p>Penalties: an announcement that contradicts the ledger ({@link Offence#FORGED_ANNOUNCEMENT}),
 * bytes that do not hash to the requested commitment ({@link Offence#HASH_MISMATCH}; the fetch is
 * retried from other peers) and bytes that match but do not validate ({@link
 * Offence#INVALID_UPDATE}; the signer's update is rejected for good).
 */
final class UpdateCollector implements AnnouncementListener {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateCollector.class);

  private record Heard(UpdateAnnouncement announcement, PeerRef from) {}

  /** Fetch state of one hash: the request in flight, or when to try again. */
  private static final class Attempt {
    CompletableFuture<FetchedUpdate> inFlight;
    int failures;
    Instant retryAt = Instant.MIN;
  }

  /**
   * Announcements held per peer until the ledger confirms or contradicts them; an honest peer
   * announces one update per round.
   */
  static final int MAX_HELD_PER_PEER = 4;

  /** Announcements held over all peers, so that many identities cannot grow the list either. */
  static final int MAX_HELD = 1024;

  private final RoundContext ctx;
  private final Queue<Heard> heard = new ConcurrentLinkedQueue<>();
  private final List<Heard> unconfirmed = new ArrayList<>();
  private final Set<Heard> held = ConcurrentHashMap.newKeySet();
  private final Map<PeerRef, Integer> heldPerPeer = new ConcurrentHashMap<>();
  private final Set<PeerRef> flooders = ConcurrentHashMap.newKeySet();
  private final Map<ContentHash, Set<PeerRef>> providers = new HashMap<>();
  private final Map<ContentHash, Attempt> attempts = new HashMap<>();

  UpdateCollector(RoundContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Queues an announcement of this round unless its sender holds {@value #MAX_HELD_PER_PEER}
   * already (or all senders {@value #MAX_HELD}): then it is dropped and the sender penalised at the
   * next screening. A repeat of a held announcement is dropped silently.
   */
  @Override
  public void onAnnouncement(UpdateAnnouncement announcement, PeerRef from) {
    if (!announcement.round().equals(ctx.id())) {
      return;
    }
    Heard h = new Heard(announcement, from);
    if (held.contains(h)) {
      return;
    }
    boolean[] admitted = {false};
    heldPerPeer.compute(
        from,
        (peer, n) -> {
          int count = n == null ? 0 : n;
          if (count >= MAX_HELD_PER_PEER || held.size() >= MAX_HELD || !held.add(h)) {
            return n;
          }
          admitted[0] = true;
          return count + 1;
        });
    if (admitted[0]) {
      heard.add(h);
    } else if (flooders.size() < MAX_HELD && !held.contains(h)) {
      flooders.add(from);
    }
  }

  private void release(Heard h) {
    held.remove(h);
    heldPerPeer.computeIfPresent(h.from(), (peer, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * Matches queued announcements with commitments: a match makes its sender a provider of the hash;
   * a contradiction, or no commitment once commits closed, is penalised as forged.
   */
  void screen(Map<Address, Commitment> commitments, boolean commitsClosed) {
    for (Heard h; (h = heard.poll()) != null; ) {
      unconfirmed.add(h);
    }
    for (Iterator<Heard> it = unconfirmed.iterator(); it.hasNext(); ) {
      Heard h = it.next();
      UpdateAnnouncement a = h.announcement();
      Commitment c = commitments.get(a.signer());
      if (c != null && c.updateHash().equals(a.updateHash())) {
        providers.computeIfAbsent(a.updateHash(), k -> new LinkedHashSet<>()).add(h.from());
        it.remove();
        release(h);
      } else if (c != null || commitsClosed) {
        String ledgerSays = c == null ? "no commitment" : "commitment " + c.updateHash();
        penalize(h.from(), Offence.FORGED_ANNOUNCEMENT, a + " but the ledger holds " + ledgerSays);
        it.remove();
        release(h);
      }
    }
    for (Iterator<PeerRef> it = flooders.iterator(); it.hasNext(); ) {
      PeerRef peer = it.next();
      it.remove();
      penalize(
          peer,
          Offence.ANNOUNCEMENT_FLOOD,
          "more than " + MAX_HELD_PER_PEER + " announcements without a commitment; dropped");
    }
  }

  /**
   * Moves every wanted commitment forward: accepts bytes already in the store, completes finished
   * fetches, starts due ones.
   *
   * @return the earliest instant a failed fetch is due for a retry, if any is waiting
   */
  Optional<Instant> pursue(List<Commitment> wanted, Instant now) {
    Instant earliest = null;
    for (Commitment c : wanted) {
      if (ctx.record().settled(c.signer())) {
        continue;
      }
      Optional<byte[]> stored = ctx.store.get(c.updateHash());
      if (stored.isPresent()) {
        // Validated like fetched bytes: the store also holds this node's own update and earlier
        // aggregates, which a signer may commit to in a round they do not belong to.
        accept(c, stored.get(), null);
        continue;
      }
      Attempt attempt = attempts.computeIfAbsent(c.updateHash(), k -> new Attempt());
      if (attempt.inFlight == null && !now.isBefore(attempt.retryAt)) {
        List<PeerRef> from = List.copyOf(providers.getOrDefault(c.updateHash(), Set.of()));
        attempt.inFlight =
            ctx.ports.exchange().fetch(c.updateHash(), from, ctx.config.maxUpdateBytes());
      }
      if (attempt.inFlight != null && attempt.inFlight.isDone()) {
        complete(c, attempt, now);
      }
      if (!ctx.record().settled(c.signer()) && attempt.inFlight == null) {
        earliest =
            earliest == null || attempt.retryAt.isBefore(earliest) ? attempt.retryAt : earliest;
      }
    }
    return Optional.ofNullable(earliest);
  }

  private void complete(Commitment c, Attempt attempt, Instant now) {
    CompletableFuture<FetchedUpdate> done = attempt.inFlight;
    attempt.inFlight = null;
    FetchedUpdate fetched;
    try {
      fetched = done.join();
    } catch (CompletionException e) {
      retryLater(c, attempt, now, String.valueOf(e.getCause()));
      return;
    }
    ContentHash actual = ContentHash.keccak256(fetched.bytes());
    if (!actual.equals(c.updateHash())) {
      Set<PeerRef> known = providers.get(c.updateHash());
      if (known != null) {
        known.remove(fetched.from());
      }
      penalize(
          fetched.from(),
          Offence.HASH_MISMATCH,
          "served bytes hashing to " + actual + " for " + c.signer() + "'s " + c.updateHash());
      retryLater(c, attempt, now, "bytes did not match the commitment");
      return;
    }
    accept(c, fetched.bytes(), fetched.from());
  }

  /**
   * Accepts bytes that hash to {@code c} if they validate, else rejects the signer's update for
   * good and penalises the peer that served them ({@code from}; null for bytes from the store).
   */
  private void accept(Commitment c, byte[] bytes, PeerRef from) {
    try {
      ctx.ports.validator().validate(ctx.info, c.signer(), c.numSamples(), bytes);
    } catch (InvalidUpdateException e) {
      if (from != null) {
        penalize(from, Offence.INVALID_UPDATE, c.signer() + ": " + e.getMessage());
      }
      ctx.journal.rejected(c.signer(), c.updateHash(), "invalid update: " + e.getMessage());
      return;
    }
    ctx.store.put(bytes);
    ctx.journal.fetched(c.signer(), c.updateHash(), c.numSamples());
    LOG.debug("round {}: verified {}'s update {}", ctx.id(), c.signer(), c.updateHash());
  }

  private void retryLater(Commitment c, Attempt attempt, Instant now, String why) {
    attempt.failures++;
    attempt.retryAt = now.plus(ctx.config.backoff(attempt.failures));
    LOG.info(
        "round {}: fetching {}'s update {} failed ({}); retry at {}",
        ctx.id(),
        c.signer(),
        c.updateHash(),
        why,
        attempt.retryAt);
  }

  private void penalize(PeerRef peer, Offence offence, String detail) {
    LOG.warn("round {}: penalising {} for {}: {}", ctx.id(), peer, offence, detail);
    ctx.ports.exchange().penalize(peer, offence, detail);
  }
}
