package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything the steps of one round share: the round, the ports, the store and the journal. */
final class RoundContext {
  private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);

  final RoundInfo info;
  final Address self;
  final RoundPorts ports;
  final ContentStore store;
  final RoundJournal journal;
  final RoundRunnerConfig config;
  final Optional<ContentHash> startFrom;

  RoundContext(
      RoundInfo info,
      RoundPorts ports,
      ContentStore store,
      RoundJournal journal,
      RoundRunnerConfig config,
      Optional<ContentHash> startFrom) {
    this.info = info;
    this.self = ports.ledger().self();
    this.ports = ports;
    this.store = store;
    this.journal = journal;
    this.config = config;
    this.startFrom = startFrom;
  }

  RoundId id() {
    return info.id();
  }

  RoundRecord record() {
    return journal.record();
  }

  RoundLedger ledger() {
    return ports.ledger();
  }

  Logger log() {
    return LOG;
  }

  Instant now() {
    return ports.clock().now();
  }

  /** Whether {@code now} is past {@code deadline} (epoch seconds, inclusive). */
  static boolean after(Instant now, long deadline) {
    return now.getEpochSecond() > deadline;
  }

  /**
   * Until when missing updates are still fetched. This and the other instants derived from the
   * round's deadlines ({@link #decideBy()}) are chain time: compare them with the latest block's
   * timestamp ({@link #chainNow()}), never with this node's clock, which a chain's block times can
   * lag or run ahead of.
   */
  Instant fetchDeadline() {
    Instant byWindow = info.commitClosesAfter().plus(config.fetchWindow());
    Instant finalize = Instant.ofEpochSecond(info.finalizeDeadline());
    return byWindow.isBefore(finalize) ? byWindow : finalize;
  }

  /**
   * The middle of the time left after the fetch window: until then a node waits for others to
   * propose and for proposals it is still checking; after it, it proposes and attests what it can,
   * so that enough attestations land before the finalize deadline.
   */
  Instant decideBy() {
    Instant fetch = fetchDeadline();
    Instant finalize = Instant.ofEpochSecond(info.finalizeDeadline());
    return fetch.plus(Duration.between(fetch, finalize).dividedBy(2));
  }

  /** The sooner of {@code deadline} (if still ahead), {@code retry} and the next poll. */
  Instant earliest(Instant now, Instant deadline, Optional<Instant> retry) {
    Instant next = now.plus(config.pollInterval());
    if (deadline.isAfter(now) && deadline.isBefore(next)) {
      next = deadline;
    }
    if (retry.isPresent() && retry.get().isBefore(next)) {
      next = retry.get().isAfter(now) ? retry.get() : now;
    }
    return next;
  }

  /** The latest block's timestamp, as an instant. */
  Instant chainNow() {
    return Instant.ofEpochSecond(ledger().now().timestamp());
  }

  /**
   * When to wake up (this node's clock) for chain time to reach {@code target}, were it to advance
   * with the clock from {@code chain}: at once if it has. Chain time moves in steps of whole
   * blocks, so the caller checks again then.
   */
  static Instant wakeFor(Instant now, Instant chain, Instant target) {
    Duration ahead = Duration.between(chain, target);
    return ahead.isNegative() ? now : now.plus(ahead);
  }

  /** The first instant at which a block may be past {@code deadline} (inclusive, epoch s). */
  static Instant pastDeadline(long deadline) {
    return Instant.ofEpochSecond(deadline + 1);
  }

  Map<Address, Participant> participants() {
    Map<Address, Participant> byAddress = new LinkedHashMap<>();
    ledger().participants(id()).forEach(p -> byAddress.put(p.address(), p));
    return byAddress;
  }

  Map<Address, Commitment> commitments() {
    Map<Address, Commitment> bySigner = new LinkedHashMap<>();
    ledger().commitments(id()).forEach(c -> bySigner.put(c.signer(), c));
    return bySigner;
  }

  /**
   * Records how the round ended for this node before it is settled: the runner settles it (a
   * participant's stake stays reserved until someone does) and then ends it with this outcome.
   */
  void conclude(
      RoundOutcome.Result result,
      Optional<ContentHash> finalized,
      Optional<ContentHash> local,
      List<Address> included,
      String detail) {
    RoundOutcome outcome = new RoundOutcome(id(), result, finalized, local, included, detail);
    journal.concluded(outcome);
    LOG.info("round {} concluded: {} ({})", id(), result, detail);
  }

  /** Records how the round ended for this node. */
  void end(
      RoundOutcome.Result result,
      Optional<ContentHash> finalized,
      Optional<ContentHash> local,
      List<Address> included,
      String detail) {
    RoundOutcome outcome = new RoundOutcome(id(), result, finalized, local, included, detail);
    journal.ended(outcome);
    LOG.info("round {} ended: {} ({})", id(), result, detail);
  }
}
