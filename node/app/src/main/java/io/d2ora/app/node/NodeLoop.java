package io.d2ora.app.node;

import io.d2ora.app.exchange.PeerStack;
import io.d2ora.app.ledger.ChainRoundLedger;
import io.d2ora.app.training.AggregateScore;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.round.RoundRunner;
import io.d2ora.core.round.RoundRunnerConfig;
import io.d2ora.core.store.AtomicFiles;
import io.d2ora.core.store.ContentHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's round loop: find the next round it should take part in (one it has a journal for, so a
 * restarted node resumes it, else the first open round with this node's round config that its
 * {@link JoinPolicy} accepts, saying once per round why it skips one; or create one when {@link
 * NodeConfig#roundCreateEnabled()}), run it to its end (settled) with a {@link RoundRunner}
 * starting from the previous round's aggregate, export the result, repeat. A chain outage anywhere
 * in the loop is waited out and reported ({@code waiting} and {@code status} events with the
 * failure count), never a crash.
 */
final class NodeLoop {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLoop.class);
  private final Node node;
  private final NodeConfig config;
  private final NodeEvents events;
  private final Set<RoundId> skipped = new HashSet<>();
  private Optional<Duration> lastTraining = Optional.empty();

  NodeLoop(Node node) {
    this.node = node;
    this.config = node.config;
    this.events = node.events;
  }

  /**
   * Runs rounds until {@link NodeConfig#rounds()} are done (or forever); returns how many ended.
   */
  int run() throws InterruptedException {
    NodeState state = NodeState.load(config.dataDir());
    lastTraining = state.lastTraining();
    int taken = 0;
    while (config.rounds() == 0 || taken < config.rounds()) {
      RoundId round = nextRound(state.lastRound());
      RoundOutcome outcome = runRound(round, state.startFrom());
      Optional<ContentHash> next = outcome.nextStart().filter(node.store::contains);
      lastTraining = node.lastTraining().or(() -> lastTraining);
      state = new NodeState(round.value(), next.or(state::startFrom), lastTraining);
      state.save(config.dataDir());
      taken++;
    }
    return taken;
  }

  private RoundOutcome runRound(RoundId round, Optional<ContentHash> startFrom)
      throws InterruptedException {
    RoundInfo info = readRound(round);
    events.emit(
        "round",
        "round",
        round,
        "aggregator",
        info.aggregator(),
        "commit_deadline",
        info.commitDeadline(),
        "start_from",
        startFrom.map(ContentHash::hex).orElse("fresh"));
    RoundRunnerConfig rc =
        RoundRunnerConfig.builder()
            .pollInterval(config.pollInterval())
            .fetchWindow(fetchWindow(info))
            .proposalGrace(proposalGrace(info))
            .build();
    try (PeerStack.Following peers =
            node.peers.followParticipants(
                round,
                node.ledger,
                node.directory::peer,
                config.pollInterval(),
                p ->
                    events.emit(
                        "peer",
                        "address",
                        p.account(),
                        "peer",
                        p.peer(),
                        "multiaddrs",
                        p.addresses().toString()));
        RoundRunner runner =
            new RoundRunner(
                round,
                node.ports,
                node.store,
                node.journalDir(),
                rc,
                startFrom,
                s -> {
                  node.metrics.roundStatus(s);
                  events.emit(
                      "status",
                      "round",
                      s.round(),
                      "stage",
                      s.stage(),
                      "detail",
                      s.detail(),
                      "failures",
                      s.consecutiveFailures());
                })) {
      RoundOutcome outcome = runner.run();
      Optional<Path> exported = export(round, outcome);
      learned(round, startFrom, outcome);
      events.emit(
          "outcome",
          "round",
          round,
          "result",
          outcome.result(),
          "aggregate",
          outcome.finalizedHash().map(ContentHash::hex).orElse(null),
          "local",
          outcome.localHash().map(ContentHash::hex).orElse(null),
          "included",
          outcome.included().stream().map(Address::hex).toList(),
          "file",
          exported.map(Path::toString).orElse(null),
          "detail",
          outcome.detail());
      return outcome;
    }
  }

  /**
   * Missing updates are fetched for a third of the finalize window (at most a minute), which leaves
   * the rest of it to propose, recompute and attest in time.
   */
  static Duration fetchWindow(RoundInfo info) {
    long third = Math.max(1, (info.finalizeDeadline() - info.commitDeadline()) / 3);
    return Duration.ofSeconds(Math.min(60, third));
  }

  /**
   * How long a participant waits after the fetch window for a proposal matching its result before
   * proposing it: a tenth of the finalize window (at least 3 s, at most 30 s), enough for the
   * aggregator's proposal to land on a chain with slow blocks.
   */
  static Duration proposalGrace(RoundInfo info) {
    long tenth = (info.finalizeDeadline() - info.commitDeadline()) / 10;
    return Duration.ofSeconds(Math.max(3, Math.min(30, tenth)));
  }

  /** The round's definition, waiting out (and reporting) a chain outage. */
  private RoundInfo readRound(RoundId round) throws InterruptedException {
    while (true) {
      try {
        return node.ledger
            .round(round)
            .orElseThrow(() -> new IllegalStateException("round " + round + " vanished"));
      } catch (LedgerUnavailableException e) {
        events.emit("waiting", "round", round, "reason", e.getMessage());
        Thread.sleep(config.pollInterval().toMillis());
      }
    }
  }

  /**
   * Appends the round to the learning log: what it started from, its aggregate and that aggregate's
   * accuracy on this node's validation split (the dashboard's curves and provenance).
   */
  private void learned(RoundId round, Optional<ContentHash> startFrom, RoundOutcome outcome) {
    Optional<ContentHash> aggregate = outcome.finalizedHash();
    Double accuracy =
        aggregate
            .flatMap(node.store::get)
            .map(
                bytes ->
                    AggregateScore.validationAccuracy(
                        node.base, node.roundConfig, config.dataPath(), bytes))
            .filter(OptionalDouble::isPresent)
            .map(OptionalDouble::getAsDouble)
            .orElse(null);
    node.learning.round(
        round.value(),
        node.ledger.self().hex(),
        startFrom.map(ContentHash::hex).orElse(null),
        aggregate.map(ContentHash::hex).orElse(null),
        accuracy);
  }

  /** Copies the round's aggregate to {@code <data-dir>/aggregates/round-N.safetensors}. */
  private Optional<Path> export(RoundId round, RoundOutcome outcome) {
    Optional<ContentHash> hash = outcome.finalizedHash().or(outcome::localHash);
    Optional<byte[]> bytes = hash.flatMap(node.store::get);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path dir = Files.createDirectories(config.dataDir().resolve("aggregates"));
      Path file = dir.resolve("round-" + round + ".safetensors");
      AtomicFiles.write(file, bytes.get());
      return Optional.of(file);
    } catch (java.io.IOException e) {
      LOG.warn("cannot export the aggregate of round {}: {}", round, e.toString());
      return Optional.empty();
    }
  }

  /** Blocks until there is a round after {@code after} for this node. */
  private RoundId nextRound(long after) throws InterruptedException {
    while (true) {
      try {
        Optional<RoundId> found = findRound(after);
        if (found.isPresent()) {
          return found.get();
        }
        if (config.roundCreateEnabled()) {
          return createRound();
        }
      } catch (LedgerUnavailableException e) {
        events.emit("waiting", "reason", e.getMessage());
      }
      Thread.sleep(config.pollInterval().toMillis());
    }
  }

  private Optional<RoundId> findRound(long after) {
    long count = node.directory.roundCount();
    for (long id = after + 1; id <= count; id++) {
      RoundId round = RoundId.of(id);
      if (Files.exists(node.journalDir().resolve("round-" + round + ".json"))) {
        return Optional.of(round);
      }
      Optional<RoundInfo> info = node.ledger.round(round);
      if (info.isPresent()
          && info.get().phase() == RoundPhase.JOINING
          && info.get().configHash().equals(node.roundConfig.hash())
          && accepted(info.get())) {
        return Optional.of(round);
      }
    }
    return Optional.empty();
  }

  /** Whether the join policy accepts {@code round}; says why not, once per round. */
  private boolean accepted(RoundInfo round) {
    Address creator = node.directory.roundCreator(round.id()).orElseThrow();
    long now = Math.max(node.directory.chainTime(), System.currentTimeMillis() / 1000);
    Optional<String> refusal =
        config.joinPolicy().refusal(round, creator, node.base.hash(), now, lastTraining);
    if (refusal.isPresent() && skipped.add(round.id())) {
      events.emit("skipped", "round", round.id(), "reason", refusal.get());
    }
    return refusal.isEmpty();
  }

  private RoundId createRound() {
    long now = Math.max(node.directory.chainTime(), System.currentTimeMillis() / 1000);
    long join = now + config.roundJoinSeconds();
    long commit = join + config.roundCommitSeconds();
    long finalize = commit + config.roundFinalizeSeconds();
    RoundId id =
        node.ledger.createRound(
            new ChainRoundLedger.Terms(
                node.base.hash(),
                node.roundConfig.hash(),
                join,
                commit,
                finalize,
                config.roundMinStake(),
                config.roundMaxParticipants(),
                config.roundSampleCap(),
                config.roundQuorumBps(),
                config.roundRewardPool(),
                node.ledger.self()));
    events.emit(
        "created",
        "round",
        id,
        "join_deadline",
        join,
        "commit_deadline",
        commit,
        "finalize_deadline",
        finalize,
        "reward_pool",
        config.roundRewardPool().toString());
    return id;
  }
}
