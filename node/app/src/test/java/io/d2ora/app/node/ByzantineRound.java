package io.d2ora.app.node;

import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.ledger.ChainRoundReader;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.Proposal;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.round.Settlement;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import picocli.CommandLine;

/**
 * One round of honest and {@link ByzantinePeer}s on a {@link TestNetwork}: starts them (the creator
 * last, so every other node is waiting for the round), waits for every outcome, checks what an
 * honest network owes each side, and measures what the matrix reports.
 */
final class ByzantineRound {
  /** Keywords a rejection reason must contain, by the fault it rejects. */
  private static final Map<Fault, Pattern> REASONS =
      Map.of(
          Fault.WRONG_SAMPLE_COUNT, Pattern.compile("(?i)sample count"),
          Fault.WRONG_RANK, Pattern.compile("(?i)rank|\"r\":|shape|PEFT config"),
          Fault.HUGE_TENSORS, Pattern.compile("(?i)too large|bound|norm"),
          Fault.NAN_TENSORS, Pattern.compile("(?i)non-finite|nan"));

  private final TestNetwork network;
  private final RoundId round;
  private final List<TestPeer> honest;
  private final List<ByzantinePeer> byzantine;
  private final Map<TestPeer, RoundOutcome> outcomes = new LinkedHashMap<>();

  ByzantineRound(
      TestNetwork network, RoundId round, List<TestPeer> honest, List<ByzantinePeer> byzantine) {
    this.network = network;
    this.round = round;
    this.honest = honest;
    this.byzantine = byzantine;
  }

  /**
   * The honest peer that creates the round: quorum at the registry's minimum (more than half of the
   * counted participants), windows as short as the registry allows with room for ten nodes training
   * at once on two cores, and a minimum stake of one token (what a slash takes).
   */
  static TestPeer creator(TestPeer peer) {
    return peer.creatingRounds()
        .setting("round-quorum-bps", 5001)
        .setting("round-join-seconds", 20)
        .setting("round-commit-seconds", 75)
        .setting("round-finalize-seconds", 60)
        .setting("round-min-stake", 1_000_000_000_000_000_000L);
  }

  TestPeer honestPeer(int index) {
    return honest.get(index);
  }

  List<TestPeer> all() {
    return Stream.concat(honest.stream(), byzantine.stream().map(b -> b.peer)).toList();
  }

  /**
   * Gives every peer sentences of its own ({@link DataShards}), then starts the Byzantine peers,
   * the honest ones, and the creator last.
   */
  void start() throws Exception {
    List<String> domains = List.of("imdb", "yelp", "amazon");
    List<TestPeer> peers = all();
    for (int i = 0; i < peers.size(); i++) {
      Path data = DataShards.shard(network, domains.get(i % domains.size()), i / domains.size());
      peers.get(i).setting("data-path", data.toString());
    }
    for (ByzantinePeer b : byzantine) {
      b.peer.start();
    }
    for (TestPeer h : honest.reversed()) {
      h.start();
    }
  }

  /** Waits for every peer's outcome; fails if any node's loop died. */
  void awaitOutcomes() throws InterruptedException {
    for (TestPeer p : all()) {
      outcomes.put(p, p.awaitOutcome(round));
    }
  }

  /** The signers an honest network must include: the honest peers and harmless Byzantine ones. */
  Set<Address> expectedIncluded() {
    Set<Address> expected = new TreeSet<>();
    honest.forEach(h -> expected.add(h.address()));
    byzantine.stream()
        .filter(ByzantinePeer::updateIncluded)
        .forEach(b -> expected.add(b.peer.address()));
    return expected;
  }

  void assertFinalizedWithExactlyTheHonestUpdates() {
    for (TestPeer h : honest) {
      RoundOutcome o = outcomes.get(h);
      assertThat(o.result()).as(h.name + "'s outcome: " + o).isIn(FINALIZED, VERIFIED);
      assertThat(new TreeSet<>(o.included()))
          .as(h.name + "'s included set")
          .isEqualTo(expectedIncluded());
    }
    assertThat(outcomes.get(honest.get(0)).result()).isEqualTo(FINALIZED);
  }

  /** What the chain recorded of the round, read once after it settled. */
  record ChainFacts(
      Settlement settlement,
      List<Participant> participants,
      List<Proposal> proposals,
      Finalization finalization) {}

  ChainFacts chainFacts() {
    try (ChainRoundReader chain = reader()) {
      return new ChainFacts(
          chain.settlement(round).orElseThrow(() -> new AssertionError(round + " not settled")),
          chain.participants(round),
          chain.proposals(round),
          chain.finalization(round).orElseThrow(() -> new AssertionError(round + " not final")));
    }
  }

  /** Checks every Byzantine peer's penalty for each of its faults; fails naming all missing. */
  void assertEveryByzantinePeerPenalised() {
    ChainFacts facts = chainFacts();
    SoftAssertions softly = new SoftAssertions();
    for (ByzantinePeer b : byzantine) {
      for (Fault f : b.faults) {
        softly.assertThat(penalty(b, f, facts)).as(b.peer.name + " penalised for " + f).isPresent();
      }
      if (!b.updateIncluded() || b.faults.contains(Fault.WRONG_ATTESTATION)) {
        softly
            .assertThat(facts.settlement().rewards())
            .as(b.peer.name + " rewarded")
            .doesNotContainKey(b.peer.address());
      }
    }
    softly.assertAll();
  }

  /**
   * The evidence that {@code f} was answered, as the time the honest side acted (the earliest over
   * honest nodes), or empty when it was not.
   */
  Optional<Instant> penalty(ByzantinePeer b, Fault f, ChainFacts facts) {
    Address who = b.peer.address();
    String address = who.hex();
    return switch (f) {
      case WRONG_SAMPLE_COUNT, WRONG_RANK, HUGE_TENSORS, NAN_TENSORS -> rejectedByAll(b, f);
      case WITHHOLD ->
          honest.stream().allMatch(h -> !JournalEntries.of(h, round).aggregated().contains(address))
              ? firstAggregate()
              : Optional.empty();
      case SERVE_OTHER, SLOW_LORIS, ANNOUNCEMENT_FLOOD -> penalisedBy(b.peer.peerId());
      case UINT64_MAX_SAMPLES ->
          facts.settlement().forfeits().containsKey(who) ? refusedOwnCommit(b) : Optional.empty();
      case EQUIVOCATION ->
          facts.participants().stream().anyMatch(p -> p.address().equals(who) && p.slashed())
              ? reportedAt(address)
              : Optional.empty();
      case WRONG_ATTESTATION ->
          // Its vote went to a proposal no honest node attested, and the honest one won without it.
          facts.proposals().stream()
                      .anyMatch(p -> p.attesters().contains(who) && !p.finalized() && honestFree(p))
                  && !facts.finalization().proposal().attesters().contains(who)
              ? Optional.of(Instant.ofEpochSecond(facts.finalization().blockTimestamp()))
              : Optional.empty();
    };
  }

  private boolean honestFree(Proposal p) {
    return honest.stream().noneMatch(h -> p.attesters().contains(h.address()));
  }

  /** Every honest journal rejects the update, naming the fault (or the slash that came first). */
  private Optional<Instant> rejectedByAll(ByzantinePeer b, Fault f) {
    Pattern reason = REASONS.get(f);
    Instant first = null;
    for (TestPeer h : honest) {
      JournalEntries journal = JournalEntries.of(h, round);
      Optional<String> why = journal.rejection(b.peer.address().hex());
      boolean named =
          why.isPresent()
              && (reason.matcher(why.get()).find()
                  || b.faults.contains(Fault.EQUIVOCATION) && why.get().contains("slashed"));
      if (!named) {
        return Optional.empty();
      }
      Instant at = journal.rejectedAt(b.peer.address().hex()).orElseThrow();
      first = first == null || at.isBefore(first) ? at : first;
    }
    return Optional.ofNullable(first);
  }

  private Optional<Instant> firstAggregate() {
    return honest.stream()
        .flatMap(h -> JournalEntries.of(h, round).steps("AGGREGATED").stream().limit(1))
        .map(e -> Instant.ofEpochMilli(e.path("at").asLong()))
        .min(Instant::compareTo);
  }

  /** When an honest node first penalised the peer ID, if one did. */
  private Optional<Instant> penalisedBy(String peerId) {
    return firstEvent("penalised", "peer", peerId, r -> true);
  }

  /**
   * When an honest node first reported the offender's equivocation: its report was mined, or the
   * registry refused it because another node's report was mined first (any node may win the race).
   */
  private Optional<Instant> reportedAt(String offender) {
    Optional<Instant> reported = firstEvent("reported", "offender", offender, r -> true);
    Optional<Instant> beaten =
        firstEvent("not-reported", "offender", offender, r -> r.contains("AlreadySlashed"));
    return Stream.of(reported, beaten).flatMap(Optional::stream).min(Instant::compareTo);
  }

  /**
   * When an honest node first emitted {@code event} with {@code field} equal to {@code value} and a
   * {@code reason} (if any) that {@code why} accepts.
   */
  private Optional<Instant> firstEvent(
      String event, String field, String value, Predicate<String> why) {
    return honest.stream()
        .flatMap(h -> h.events.stream())
        .flatMap(e -> e instanceof PeerEvent.Other o ? Stream.of(o) : Stream.empty())
        .filter(o -> o.name().equals(event) && value.equals(String.valueOf(o.fields().get(field))))
        .filter(o -> why.test(String.valueOf(o.fields().get("reason"))))
        .map(o -> Instant.parse(String.valueOf(o.fields().get("time"))))
        .min(Instant::compareTo);
  }

  /** When the peer's own journal recorded the registry refusing its commit. */
  private Optional<Instant> refusedOwnCommit(ByzantinePeer b) {
    return JournalEntries.of(b.peer, round).steps("OBSERVING").stream()
        .filter(e -> e.path("reason").asText().contains("refused the commit"))
        .map(e -> Instant.ofEpochMilli(e.path("at").asLong()))
        .findFirst();
  }

  /** When the Byzantine peer committed (or, refused, trained), from its own journal. */
  Optional<Instant> committedAt(ByzantinePeer b) {
    JournalEntries journal = JournalEntries.of(b.peer, round);
    return Stream.of("COMMITTED", "TRAINED")
        .flatMap(step -> journal.steps(step).stream().limit(1))
        .map(e -> Instant.ofEpochMilli(e.path("at").asLong()))
        .findFirst();
  }

  /** Seconds from the peer's commit to the honest side's answer to {@code f}, if it answered. */
  Optional<Duration> timeToExclusion(ByzantinePeer b, Fault f, ChainFacts facts) {
    Optional<Instant> answered = penalty(b, f, facts);
    Optional<Instant> start = committedAt(b);
    if (answered.isEmpty() || start.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(start.get(), answered.get()));
  }

  /** What the matrix prints for one round. */
  record Tally(boolean finalized, int honestIncluded, Optional<Duration> exclusion) {}

  /** How the round went for the honest side, against the one Byzantine peer's {@code fault}. */
  Tally tally(Fault fault) {
    Optional<Finalization> f;
    try (ChainRoundReader chain = reader()) {
      f = chain.finalization(round);
    }
    if (f.isEmpty()) {
      return new Tally(false, 0, Optional.empty());
    }
    int included =
        (int) honest.stream().filter(h -> f.get().included().contains(h.address())).count();
    return new Tally(true, included, timeToExclusion(byzantine.get(0), fault, chainFacts()));
  }

  /** Runs {@code d2ora verify round} from {@code from}'s data directory; returns its exit code. */
  int verify(TestPeer from, Path config) {
    StringWriter out = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int code =
        cli.execute(
            "verify",
            "round",
            round.toString(),
            "--chain-rpc-url",
            network.rpcUrl,
            "--chain-registry",
            network.registry,
            "--round-config",
            config.toString(),
            "--data-dir",
            from.dataDir.toString());
    System.out.println(out);
    return code;
  }

  ChainRoundReader reader() {
    Map<String, Object> flags =
        Map.of("chain-rpc-url", network.rpcUrl, "chain-registry", network.registry);
    return ChainSettings.resolve(new Settings(flags, Map.of(), Optional.empty()))
        .roundReader(Duration.ofMillis(200));
  }
}
