package io.d2ora.core.round;

import static io.d2ora.core.round.RoundOutcome.Result.EXPIRED;
import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.OUTVOTED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.store.ContentHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundRunnerTest {
  @TempDir Path dir;

  private static Map<TestNode, RoundOutcome.Result> results(Map<TestNode, RoundOutcome> outcomes) {
    return outcomes.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().result()));
  }

  @Test
  void shouldFinalizeAndVerifyRoundWithThreeNodes() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode a = net.node(0);
    RoundId id = net.createRound(a);

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    ContentHash expected = net.expectedAggregate(net.nodes);
    assertThat(results(outcomes))
        .containsEntry(a, FINALIZED)
        .containsEntry(net.node(1), VERIFIED)
        .containsEntry(net.node(2), VERIFIED);
    Finalization f = a.ledger().finalization(id).orElseThrow();
    assertThat(f.aggregateHash()).isEqualTo(expected);
    assertThat(f.included()).containsExactly(a.address, net.node(1).address, net.node(2).address);
    assertThat(f.proposer()).isEqualTo(a.address);
    assertThat(f.attesters()).containsExactlyElementsOf(f.included());
    assertThat(a.ledger().proposals(id)).hasSize(1);
    for (TestNode n : net.nodes) {
      assertThat(outcomes.get(n).nextStart()).contains(expected);
      assertThat(outcomes.get(n).detail()).contains("settled in block");
      assertThat(n.store().contains(expected)).isTrue();
      assertThat(net.chain.calls(n.address, "commit")).isEqualTo(1);
      assertThat(net.chain.calls(n.address, "attest")).isEqualTo(1);
      assertThat(net.chain.calls(n.address, "propose")).isEqualTo(n == a ? 1 : 0);
      assertThat(net.chain.reservedStake(n.address)).isZero();
      assertThat(net.chain.freeStake(n.address)).isEqualTo(RoundNetwork.STAKE);
    }
    assertThat(net.nodes.stream().mapToInt(n -> net.chain.calls(n.address, "settle")).sum())
        .as("one settlement, sent by the winner's proposer")
        .isEqualTo(1);
    assertThat(a.ledger().settlement(id).orElseThrow().refunded()).isFalse();
    assertThat(net.exchanges.penalties()).isEmpty();
  }

  @Test
  void shouldRejectTamperedBytesAndPenaliseSender() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    c.serve = bytes -> TinyUpdates.encode(new float[] {9, 9, 9, 9, 9, 9, 9, 9});
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    Finalization f = c.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).containsExactly(net.node(0).address, net.node(1).address);
    assertThat(f.aggregateHash()).isEqualTo(net.expectedAggregate(net.nodes.subList(0, 2)));
    assertThat(net.exchanges.penaltiesOf(c.exchange.self(), Offence.HASH_MISMATCH)).isEqualTo(2);
    // c verified its own update, which the winner leaves out: it does not attest.
    assertThat(results(outcomes))
        .containsEntry(net.node(0), FINALIZED)
        .containsEntry(net.node(1), VERIFIED)
        .containsEntry(c, OUTVOTED);
    assertThat(f.attesters()).containsExactly(net.node(0).address, net.node(1).address);
  }

  @Test
  void shouldExcludeLateCommit() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    RoundId id = net.createRound(net.node(0));
    RoundInfo info = net.info(id);
    c.ledger().join(id);
    byte[] late = c.expectedUpdate(Optional.empty());
    ContentHash lateHash = c.store().put(late);
    net.at(
        info.commitClosesAfter(),
        () -> {
          c.ledger().commit(id, lateHash, c.samples);
          c.exchange.announce(new UpdateAnnouncement(id, c.address, lateHash, late.length));
        });

    Map<TestNode, RoundOutcome> outcomes = net.run(id, net.nodes.subList(0, 2));

    Finalization f = c.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).containsExactly(net.node(0).address, net.node(1).address);
    assertThat(c.ledger().commitment(id, c.address)).isPresent();
    assertThat(results(outcomes).values()).containsExactlyInAnyOrder(FINALIZED, VERIFIED);
  }

  @Test
  void shouldPenaliseForgedAnnouncementAndStillFinalize() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    InMemoryUpdateExchange forger = net.exchanges.join("forger", h -> Optional.empty());
    RoundId id = net.createRound(net.node(0));
    net.at(
        RoundNetwork.START.plusSeconds(10),
        () ->
            forger.announce(
                new UpdateAnnouncement(id, net.node(1).address, RoundNetwork.hash(0x66), 40)));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(net.exchanges.penaltiesOf(forger.self(), Offence.FORGED_ANNOUNCEMENT)).isEqualTo(3);
    assertThat(results(outcomes)).containsValues(FINALIZED, VERIFIED, VERIFIED);
    assertThat(outcomes.get(net.node(0)).included()).hasSize(3);
  }

  @Test
  void shouldHoldFewAnnouncementsOfAFlooderAndPenaliseItForTheRest() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    InMemoryUpdateExchange flooder = net.exchanges.join("flooder", h -> Optional.empty());
    RoundId id = net.createRound(net.node(0));
    int flood = 20_000;
    net.at(
        RoundNetwork.START.plusSeconds(10),
        () -> {
          for (int i = 0; i < flood; i++) {
            Address signer = Address.parse(String.format("0x%040x", i + 1));
            flooder.announce(new UpdateAnnouncement(id, signer, RoundNetwork.hash(i), 40));
          }
        });

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    long forged = net.exchanges.penaltiesOf(flooder.self(), Offence.FORGED_ANNOUNCEMENT);
    assertThat(forged).isLessThanOrEqualTo(3L * UpdateCollector.MAX_HELD_PER_PEER);
    assertThat(net.exchanges.penaltiesOf(flooder.self(), Offence.ANNOUNCEMENT_FLOOD))
        .isGreaterThanOrEqualTo(3);
    assertThat(results(outcomes)).containsValues(FINALIZED, VERIFIED, VERIFIED);
    assertThat(outcomes.get(net.node(0)).included()).hasSize(3);
  }

  @Test
  void shouldRejectInvalidUpdateAndPenaliseSender() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    c.trainedFile = bytes -> TinyUpdates.encode(new float[] {1, Float.NaN, 1, 1, 1, 1, 1, 1});
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    Finalization f = c.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).containsExactly(net.node(0).address, net.node(1).address);
    assertThat(net.exchanges.penaltiesOf(c.exchange.self(), Offence.INVALID_UPDATE)).isEqualTo(2);
    assertThat(outcomes.get(c).result()).isEqualTo(VERIFIED);
  }

  @Test
  void shouldExcludeSlashedSigner() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    RoundId id = net.createRound(net.node(0));
    net.at(RoundNetwork.START.plusSeconds(61), () -> net.chain.slash(id, c.address));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    Finalization f = c.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).containsExactly(net.node(0).address, net.node(1).address);
    assertThat(f.proposal().counted()).as("a slashed participant is not counted").isEqualTo(2);
    assertThat(results(outcomes)).containsValues(FINALIZED, VERIFIED, VERIFIED);
    assertThat(net.chain.calls(c.address, "attest")).as("a slashed node does not attest").isZero();
    assertThat(c.ledger().settlement(id).orElseThrow().rewards())
        .containsOnlyKeys(net.node(0).address, net.node(1).address);
  }

  @Test
  void shouldCompleteWithReachableUpdatesWhenPeerIsGone() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    RoundId id = net.createRound(net.node(0));
    c.ledger().join(id);
    c.ledger().commit(id, c.store().put(c.expectedUpdate(Optional.empty())), c.samples);
    net.exchanges.setOnline(c.exchange.self(), false);

    Map<TestNode, RoundOutcome> outcomes = net.run(id, net.nodes.subList(0, 2));

    Finalization f = c.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).containsExactly(net.node(0).address, net.node(1).address);
    assertThat(f.blockTimestamp()).isGreaterThanOrEqualTo(net.info(id).commitDeadline() + 30);
    assertThat(results(outcomes).values()).containsExactlyInAnyOrder(FINALIZED, VERIFIED);
  }

  /**
   * Joining closed and everyone committed: the round runs to settlement inside its commit window.
   */
  @Test
  void shouldSettleBeforeTheCommitDeadlineWhenEveryoneCommitted() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(results(outcomes)).containsValues(FINALIZED, VERIFIED, VERIFIED);
    assertThat(net.clock.now()).isBefore(RoundNetwork.START.plus(RoundNetwork.COMMIT));
  }

  @Test
  void shouldRetryWithBackoffWhileLedgerIsDown() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    net.at(RoundNetwork.START.plusSeconds(5), () -> net.chain.setAvailable(false));
    net.at(RoundNetwork.START.plusSeconds(40), () -> net.chain.setAvailable(true));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(results(outcomes)).containsValues(FINALIZED, VERIFIED, VERIFIED);
    TestNode b = net.node(1);
    assertThat(b.statuses)
        .anySatisfy(
            s -> {
              assertThat(s.consecutiveFailures()).isGreaterThan(2);
              assertThat(s.detail()).contains("unavailable");
            });
    List<java.time.Instant> retries =
        b.statuses.stream()
            .filter(s -> s.consecutiveFailures() > 0)
            .map(s -> s.waitingUntil().orElseThrow())
            .toList();
    assertThat(retries).isSorted();
  }

  /**
   * Stopping a node interrupts its chain call's retry wait, which surfaces as the ledger being
   * unavailable. That is not an outage: reporting one (and counting a failure) told operators and
   * the metrics the chain was down, and a killed peer's last status looked like a second commit.
   */
  @Test
  void shouldNotReportAnOutageWhenStoppedWhileWaitingForTheLedger() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    TestNode b = net.node(1);
    RoundRunner runner = b.newRunner(id);
    net.chain.setAvailable(false);
    Thread.currentThread().interrupt();
    try {
      RoundStatus status = runner.advance();

      assertThat(status.consecutiveFailures()).isZero();
      assertThat(b.statuses).as("statuses of a node being stopped").isEmpty();
      assertThatThrownBy(runner::run).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
      runner.close();
    }
  }

  @Test
  void shouldKeepWaitingThroughAnOutageLongerThanAnyRetryBudgetAndResume() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    // Down from just before the join deadline (after it, everyone having committed, the round would
    // move on at once) until shortly before the finalize deadline.
    net.at(RoundNetwork.START.plusSeconds(58), () -> net.chain.setAvailable(false));
    net.at(RoundNetwork.START.plusSeconds(260), () -> net.chain.setAvailable(true));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(results(outcomes)).containsValues(FINALIZED, VERIFIED, VERIFIED);
    for (TestNode n : net.nodes) {
      assertThat(n.statuses)
          .as(n + " reported the outage while waiting")
          .anySatisfy(
              s -> {
                assertThat(s.consecutiveFailures()).isGreaterThan(10);
                assertThat(s.detail()).contains("unavailable");
                assertThat(s.waitingUntil()).isPresent();
              });
      assertThat(net.chain.reservedStake(n.address)).isZero();
    }
  }

  @Test
  void shouldExpireAndRefundWhenTheOutageOutlastsTheFinalizeDeadline() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));
    net.at(RoundNetwork.START.plusSeconds(58), () -> net.chain.setAvailable(false));
    net.at(RoundNetwork.START.plusSeconds(900), () -> net.chain.setAvailable(true));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(outcomes.values())
        .allSatisfy(
            o -> {
              assertThat(o.result()).isEqualTo(EXPIRED);
              assertThat(o.detail()).contains("refunded in block");
            });
    assertThat(net.node(0).ledger().settlement(id).orElseThrow().refunded()).isTrue();
    net.nodes.forEach(n -> assertThat(net.chain.reservedStake(n.address)).isZero());
  }

  @Test
  void shouldOutvoteAnAggregatorWhoseAggregationIsWrong() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode a = net.node(0);
    a.aggregator = (info, updates) -> TinyUpdates.encode(new float[] {42, 0, 0, 0, 0, 0, 0, 0});
    RoundId id = net.createRound(a);

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    ContentHash honest = net.expectedAggregate(net.nodes);
    assertThat(results(outcomes))
        .containsEntry(a, OUTVOTED)
        .containsEntry(net.node(1), FINALIZED)
        .containsEntry(net.node(2), VERIFIED);
    Finalization f = a.ledger().finalization(id).orElseThrow();
    assertThat(f.aggregateHash()).isEqualTo(honest);
    assertThat(f.proposer()).isEqualTo(net.node(1).address);
    assertThat(f.attesters()).containsExactly(net.node(1).address, net.node(2).address);
    assertThat(a.ledger().proposals(id).get(0).attesters()).containsExactly(a.address);
    assertThat(outcomes.get(a).nextStart()).isEmpty();
    assertThat(a.ledger().settlement(id).orElseThrow().rewards())
        .containsOnlyKeys(net.node(1).address, net.node(2).address);
  }

  @Test
  void shouldStartNextRoundFromFinalizedAggregate() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId first = net.createRound(net.node(0));
    Map<TestNode, RoundOutcome> round1 = net.run(first);
    net.clock.advance(Duration.ofSeconds(400));
    for (TestNode n : net.nodes) {
      n.startFrom = round1.get(n).nextStart();
    }
    RoundId second = net.createRound(net.node(1));

    Map<TestNode, RoundOutcome> round2 = net.run(second);

    ContentHash aggregate1 = round1.get(net.node(0)).finalizedHash().orElseThrow();
    byte[] start = net.node(2).store().get(aggregate1).orElseThrow();
    assertThat(net.node(2).trainingStarts.get(1))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(start));
    assertThat(results(round2))
        .containsEntry(net.node(1), FINALIZED)
        .containsEntry(net.node(0), VERIFIED);
    assertThat(round2.get(net.node(1)).finalizedHash()).contains(net.expectedAggregate(net.nodes));
  }
}
