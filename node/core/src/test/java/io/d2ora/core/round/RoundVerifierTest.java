package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.ContributorReport.Status;
import io.d2ora.core.round.VerificationReport.Verdict;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundVerifierTest {
  @TempDir Path dir;

  /** A verifier on a machine that took no part: empty store, fetches everything from peers. */
  private static RoundVerifier outsider(RoundNetwork net, Path storeDir) {
    InMemoryUpdateExchange exchange = net.exchanges.join("verifier", h -> Optional.empty());
    return new RoundVerifier(
        net.node(0).ledger(),
        exchange,
        ContentStore.open(storeDir),
        TinyUpdates.VALIDATOR,
        TinyUpdates.MEAN,
        Duration.ofSeconds(5),
        RoundRunnerConfig.DEFAULT_MAX_UPDATE_BYTES);
  }

  @Test
  void shouldReportValidRoundWithEveryContribution() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    net.run(id);

    VerificationReport report = outsider(net, dir.resolve("v")).verify(id);

    ContentHash expected = net.expectedAggregate(net.nodes);
    assertThat(report.verdict()).isEqualTo(Verdict.VALID);
    assertThat(report.reasons()).isEmpty();
    assertThat(report.finalizedHash()).contains(expected);
    assertThat(report.recomputedHash()).contains(expected);
    assertThat(report.contributors()).hasSize(3);
    Finalization f = report.finalization().orElseThrow();
    assertThat(f.proposer()).isEqualTo(net.node(0).address);
    assertThat(f.attesters()).hasSize(3);
    assertThat(report.proposals()).containsExactly(f.proposal());
    assertThat(report.settlement()).isPresent();
    for (int i = 0; i < 3; i++) {
      TestNode n = net.node(i);
      Commitment c = n.ledger().commitment(id, n.address).orElseThrow();
      assertThat(report.contributors().get(i))
          .isEqualTo(
              new ContributorReport(
                  n.address,
                  c.updateHash(),
                  n.samples,
                  c.blockNumber(),
                  c.blockTimestamp(),
                  true,
                  Status.ACCEPTED,
                  List.of()));
    }
  }

  @Test
  void shouldFindAWrongHashFinalizedByAColludingQuorumInvalid() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 3);
    UpdateAggregator colluding = (info, updates) -> TinyUpdates.encode(new float[] {3, 1, 4});
    net.node(0).aggregator = colluding;
    net.node(1).aggregator = colluding;
    RoundId id = net.createRound(net.node(0));
    net.run(id);

    VerificationReport report = outsider(net, dir.resolve("v")).verify(id);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.recomputedHash()).contains(net.expectedAggregate(net.nodes));
    assertThat(report.reasons()).singleElement().asString().contains("aggregates to");
    assertThat(report.finalization().orElseThrow().attesters())
        .containsExactly(net.node(0).address, net.node(1).address);
  }

  @Test
  void shouldJudgeByTheRoundsOwnBlocksAfterStakesChange() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    net.run(id);
    net.nodes.forEach(n -> net.chain.stake(n.address, BigInteger.ZERO));

    VerificationReport report = outsider(net, dir.resolve("v")).verify(id);

    assertThat(report.verdict()).isEqualTo(Verdict.VALID);
    RoundInfo info = net.info(id);
    assertThat(report.contributors())
        .allSatisfy(c -> assertThat(c.blockTimestamp()).isLessThan(info.commitDeadline() - 60));
  }

  @Test
  void shouldRejectLateCommitAndStillVerify() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    RoundId id = net.createRound(net.node(0));
    c.ledger().join(id);
    ContentHash late = c.store().put(c.expectedUpdate(Optional.empty()));
    net.at(net.info(id).commitClosesAfter(), () -> c.ledger().commit(id, late, c.samples));
    net.run(id, net.nodes.subList(0, 2));

    VerificationReport report = outsider(net, dir.resolve("v")).verify(id);

    assertThat(report.verdict()).isEqualTo(Verdict.VALID);
    ContributorReport lateOne = report.contributors().get(2);
    assertThat(lateOne.status()).isEqualTo(Status.REJECTED);
    assertThat(lateOne.included()).isFalse();
    assertThat(lateOne.reasons()).singleElement().asString().contains("after the commit deadline");
  }

  @Test
  void shouldFindFinalizationIncludingLateCommitInvalid() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 2);
    TestNode a = net.node(0);
    TestNode b = net.node(1);
    RoundId id = net.createRound(a);
    a.ledger().join(id);
    b.ledger().join(id);
    a.ledger().commit(id, a.store().put(a.expectedUpdate(Optional.empty())), a.samples);
    net.clock.advance(RoundNetwork.COMMIT.plusSeconds(1));
    b.ledger().commit(id, b.store().put(b.expectedUpdate(Optional.empty())), b.samples);
    List<Address> both = List.of(a.address, b.address);
    a.ledger().propose(id, net.expectedAggregate(net.nodes), both);
    a.ledger().attest(id, net.expectedAggregate(net.nodes), both);
    b.ledger().attest(id, net.expectedAggregate(net.nodes), both);

    VerificationReport report = outsider(net, dir.resolve("v")).verify(id);

    assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.reasons()).singleElement().asString().contains("rejected update");
    assertThat(report.recomputedHash()).isEmpty();
  }

  @Test
  void shouldReportIncompleteWhenIncludedUpdateIsUnavailable() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    net.run(id);
    net.nodes.forEach(n -> net.exchanges.setOnline(n.exchange.self(), false));

    VerificationReport report = outsider(net, dir.resolve("v")).verify(id);

    assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
    assertThat(report.contributors())
        .extracting(ContributorReport::status)
        .containsOnly(Status.UNAVAILABLE);
    assertThat(report.recomputedHash()).isEmpty();
  }

  @Test
  void shouldReportNotFinalizedAndUnknownRounds() throws InterruptedException {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    RoundVerifier verifier = outsider(net, dir.resolve("v"));

    assertThat(verifier.verify(id).verdict()).isEqualTo(Verdict.NOT_FINALIZED);
    assertThat(verifier.verify(RoundId.of(42)).verdict()).isEqualTo(Verdict.UNKNOWN_ROUND);
  }
}
