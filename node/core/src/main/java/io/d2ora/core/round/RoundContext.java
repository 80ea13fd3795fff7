package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
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

  /** From when the visible commitments are taken as complete. */
  Instant commitsSettledAt() {
    return info.commitClosesAfter().plus(config.commitSettle());
  }

  /** Until when missing updates are still fetched. */
  Instant fetchDeadline() {
    Instant byWindow = info.commitClosesAfter().plus(config.fetchWindow());
    Instant finalize = Instant.ofEpochSecond(info.finalizeDeadline());
    return byWindow.isBefore(finalize) ? byWindow : finalize;
  }

  /** Until when a finalization is waited for (and included updates fetched to check it). */
  Instant checkDeadline() {
    return Instant.ofEpochSecond(info.finalizeDeadline() + 1).plus(config.finalizationGrace());
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
