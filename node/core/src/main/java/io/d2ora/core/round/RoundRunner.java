package io.d2ora.core.round;

import io.d2ora.core.round.RoundStatus.Stage;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one node through one round: join, train, store and commit its update, announce it, collect
 * and verify the others' updates, aggregate, propose (the aggregator, or anyone whose result nobody
 * proposed in time), attest the proposal it agrees with, wait for a quorum or the finalize
 * deadline, and settle.
 *
 * <p><b>Resuming.</b> Every completed step is journaled (in {@code journalDir}) before the next
 * begins, and steps that write to the ledger first read whether the write already happened. A
 * runner created on the data directory of a node killed at any point continues from the last
 * completed step: it never commits twice, and what it committed is in its store.
 *
 * <p><b>Failures.</b> A ledger or network outage ({@link LedgerUnavailableException}, {@link
 * ExchangeUnavailableException}) makes the runner wait with exponential backoff (capped at {@link
 * RoundRunnerConfig#backoffMax()}) and report the failure in its status, for as long as the outage
 * lasts: a participant's stake stays reserved until the round is settled, so the node never gives
 * up on a round it joined; after the outage it resumes where it was. A failing data directory
 * ({@link io.d2ora.core.store.StoreException}) is thrown: nothing can be done durably without it.
 *
 * <p><b>Threading.</b> Not thread-safe: one thread calls {@link #advance()} or {@link #run()} (the
 * node's round thread; never a network event loop). Status goes to the listener on it.
 */
public final class RoundRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);

  private final RoundId round;
  private final RoundPorts ports;
  private final ContentStore store;
  private final RoundJournal journal;
  private final RoundRunnerConfig config;
  private final Optional<ContentHash> startFrom;
  private final RoundStatusListener listener;

  private RoundContext ctx;
  private ContributionSteps contribution;
  private ConclusionSteps conclusion;
  private ProposalSteps proposals;
  private SettlementSteps settlement;
  private Subscription announcements;
  private int failures;
  private Stage stage = Stage.JOINING;
  private RoundStatus last;

  /**
   * @param round the round to take part in
   * @param ports the ledger, exchange, trainer, validator, aggregator and clock
   * @param store the node's content store (updates and aggregates)
   * @param journalDir the directory of the node's round journals
   * @param config timing and limits
   * @param startFrom the adapter to start training from (the previous round's aggregate, which must
   *     be in {@code store}), or empty to start fresh
   * @param listener receives status changes
   */
  public RoundRunner(
      RoundId round,
      RoundPorts ports,
      ContentStore store,
      Path journalDir,
      RoundRunnerConfig config,
      Optional<ContentHash> startFrom,
      RoundStatusListener listener) {
    this.round = Objects.requireNonNull(round, "round");
    this.ports = Objects.requireNonNull(ports, "ports");
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.startFrom = Objects.requireNonNull(startFrom, "startFrom");
    this.listener = Objects.requireNonNull(listener, "listener");
    startFrom.ifPresent(
        h -> {
          if (!store.contains(h)) {
            throw new IllegalArgumentException(
                "the starting adapter " + h + " is not in the store");
          }
        });
    this.journal = RoundJournal.open(journalDir, round);
  }

  /**
   * Does the next piece of work without waiting: one step, or one poll of what it waits for.
   *
   * @return the status afterwards; {@link RoundStatus#waitingUntil()} says when to call again,
   *     {@link RoundStatus#done()} that the round ended
   */
  public RoundStatus advance() {
    Instant now = ports.clock().now();
    if (journal.record().outcome().isEmpty()) {
      try {
        Progress progress = step(now);
        failures = 0;
        stage = progress.stage();
        report(progress.detail(), progress.wakeAt());
      } catch (LedgerUnavailableException | ExchangeUnavailableException e) {
        if (Thread.currentThread().isInterrupted()) {
          // The node is stopping (its retry wait was cut short), not the chain or network failing:
          // no failure to count or report.
          return last != null ? last : status("interrupted", Optional.empty());
        }
        onFailure(now, e);
      }
    }
    Optional<RoundOutcome> outcome = journal.record().outcome();
    if (outcome.isPresent()) {
      close();
      stage = Stage.DONE;
      report(outcome.get().result() + ": " + outcome.get().detail(), Optional.empty());
    }
    return last;
  }

  /**
   * Runs the round to its end on the calling thread, sleeping on the clock between steps.
   *
   * @throws InterruptedException if the thread is interrupted (the journal keeps the progress)
   */
  public RoundOutcome run() throws InterruptedException {
    try {
      while (true) {
        RoundStatus status = advance();
        if (status.outcome().isPresent()) {
          return status.outcome().get();
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("round " + round + " stopped at " + stage);
        }
        if (status.waitingUntil().isPresent()) {
          ports.clock().sleepUntil(status.waitingUntil().get());
        }
      }
    } finally {
      close();
    }
  }

  /** The latest status, or empty before the first {@link #advance()}. */
  public Optional<RoundStatus> status() {
    return Optional.ofNullable(last);
  }

  /** Stops listening for announcements. Idempotent; the journal stays for a later runner. */
  @Override
  public void close() {
    if (announcements != null) {
      announcements.close();
      announcements = null;
    }
  }

  private Progress step(Instant now) {
    if (ctx == null && !open()) {
      return Progress.proceed(Stage.JOINING, "no such round");
    }
    RoundRecord r = journal.record();
    if (!r.joined()) {
      return contribution.join();
    }
    if (r.observing().isEmpty()) {
      if (r.trained().isEmpty()) {
        return contribution.train();
      }
      if (r.committed().isEmpty()) {
        return contribution.commit();
      }
      if (!r.announced()) {
        return contribution.announce();
      }
    }
    if (r.concluded().isPresent()) {
      return settlement.settle(now);
    }
    if (r.aggregate().isEmpty()) {
      return conclusion.collect(now);
    }
    return proposals.resolve(now);
  }

  /** Reads the round and wires the steps; false if the ledger has no such round. */
  private boolean open() {
    Optional<RoundInfo> info = ports.ledger().round(round);
    if (info.isEmpty()) {
      journal.ended(
          new RoundOutcome(
              round,
              RoundOutcome.Result.SKIPPED,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              "the ledger has no round " + round));
      return false;
    }
    ctx = new RoundContext(info.get(), ports, store, journal, config, startFrom);
    UpdateCollector collector = new UpdateCollector(ctx);
    contribution = new ContributionSteps(ctx);
    conclusion = new ConclusionSteps(ctx, collector);
    proposals = new ProposalSteps(ctx, conclusion, collector);
    settlement = new SettlementSteps(ctx);
    announcements = ports.exchange().subscribe(collector);
    return true;
  }

  private void onFailure(Instant now, RuntimeException e) {
    failures++;
    Instant retryAt = now.plus(config.backoff(failures));
    LOG.warn("round {} at {}: {} (failure {}); retrying at {}", round, stage, e, failures, retryAt);
    report("unavailable: " + e.getMessage() + "; retry at " + retryAt, Optional.of(retryAt));
  }

  private RoundStatus status(String detail, Optional<Instant> wakeAt) {
    return new RoundStatus(round, stage, detail, wakeAt, failures, journal.record().outcome());
  }

  private void report(String detail, Optional<Instant> wakeAt) {
    RoundStatus status = status(detail, wakeAt);
    boolean changed =
        last == null
            || last.stage() != status.stage()
            || !last.detail().equals(status.detail())
            || last.consecutiveFailures() != status.consecutiveFailures();
    last = status;
    if (changed) {
      listener.onStatus(status);
    }
  }
}
