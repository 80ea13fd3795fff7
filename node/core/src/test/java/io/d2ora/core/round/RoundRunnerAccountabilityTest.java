package io.d2ora.core.round;

import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.RoundRecord.Claim;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator is not trusted: its proposal finalizes only with a quorum of participants whose
 * own recomputation agrees, an honest participant proposes when the aggregator lies or stays
 * silent, everything happens on chain time, refused writes are retried, and every round settles.
 */
class RoundRunnerAccountabilityTest {
  @TempDir Path dir;

  private static List<Address> addresses(List<TestNode> nodes) {
    return nodes.stream().map(n -> n.address).toList();
  }

  @Test
  void shouldFinalizeTheHonestProposalWhenTheAggregatorProposesAWrongHash() {
    RoundNetwork net = new RoundNetwork(dir, 4);
    TestNode a = net.node(0);
    a.proposing = c -> new Claim(RoundNetwork.hash(0x66), c.included());
    RoundId id = net.createRound(a);

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    List<Proposal> proposals = a.ledger().proposals(id);
    assertThat(proposals.get(0).aggregateHash()).isEqualTo(RoundNetwork.hash(0x66));
    assertThat(proposals.get(0).attesters()).as("nobody attests the wrong hash").isEmpty();
    assertThat(proposals.get(0).finalized()).isFalse();
    Finalization f = a.ledger().finalization(id).orElseThrow();
    assertThat(f.aggregateHash()).isEqualTo(net.expectedAggregate(net.nodes));
    assertThat(f.proposer()).isEqualTo(net.node(1).address);
    assertThat(f.attesters()).containsExactlyElementsOf(addresses(net.nodes));
    assertThat(outcomes.get(net.node(1)).result()).isEqualTo(FINALIZED);
    assertThat(outcomes.values()).filteredOn(o -> o.result() == VERIFIED).hasSize(3);
    assertThat(a.ledger().settlement(id)).isPresent();
  }

  @Test
  void shouldGiveNoQuorumToAProposalThatLeavesOutAnHonestUpdate() {
    RoundNetwork net = new RoundNetwork(dir, 4);
    TestNode a = net.node(0);
    TestNode d = net.node(3);
    ContentHash withoutD = net.expectedAggregate(net.nodes.subList(0, 3));
    a.proposing = c -> new Claim(withoutD, addresses(net.nodes.subList(0, 3)));
    RoundId id = net.createRound(a);

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    Proposal excluding = a.ledger().proposals(id).get(0);
    assertThat(excluding.included()).doesNotContain(d.address);
    assertThat(excluding.attesters()).isEmpty();
    Finalization f = a.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).contains(d.address).hasSize(4);
    assertThat(f.aggregateHash()).isEqualTo(net.expectedAggregate(net.nodes));
    assertThat(outcomes.get(d).result()).isEqualTo(VERIFIED);
    assertThat(d.ledger().settlement(id).orElseThrow().rewards()).containsKey(d.address);
  }

  @Test
  void shouldProposeItsOwnResultWhenTheAggregatorIsSilent() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id, net.nodes.subList(1, 3));

    Finalization f = net.node(1).ledger().finalization(id).orElseThrow();
    assertThat(f.proposer()).isEqualTo(net.node(1).address);
    assertThat(f.aggregateHash()).isEqualTo(net.expectedAggregate(net.nodes.subList(1, 3)));
    assertThat(outcomes.get(net.node(1)).result()).isEqualTo(FINALIZED);
    assertThat(outcomes.get(net.node(2)).result()).isEqualTo(VERIFIED);
    assertThat(net.chain.calls(net.node(2).address, "propose"))
        .as("the second honest node found its result proposed")
        .isZero();
  }

  @Test
  void shouldWaitForABlockPastTheCommitDeadlineWhenChainTimeLags() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    net.chain.setLag(Duration.ofSeconds(12));
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(outcomes.get(net.node(0)).result()).isEqualTo(FINALIZED);
    assertThat(net.chain.calls(net.node(0).address, "propose"))
        .as("no proposal sent before the chain passed the commit deadline")
        .isEqualTo(1);
    assertThat(net.node(0).statuses).noneMatch(s -> s.detail().contains("refused"));
  }

  @Test
  void shouldProposeOnChainTimeWhenTheChainRunsAheadOfTheClock() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    // A busy devnet stamps each block a second after the last: chain time runs ahead of clocks.
    net.chain.setLag(Duration.ofSeconds(-150));
    long t = net.node(1).ledger().now().timestamp();
    RoundId id =
        net.chain.createRound(
            new InMemoryChain.RoundSpec(
                RoundNetwork.hash(0xba),
                RoundNetwork.hash(0xc0),
                t + 60,
                t + 120,
                t + 300,
                RoundNetwork.MIN_STAKE,
                3,
                net.node(0).address));

    Map<TestNode, RoundOutcome> outcomes = net.run(id, net.nodes.subList(1, 3));

    assertThat(outcomes.get(net.node(1)).result())
        .as("the silent aggregator's stand-in proposed before the chain's finalize deadline")
        .isEqualTo(FINALIZED);
    assertThat(outcomes.get(net.node(2)).result()).isEqualTo(VERIFIED);
  }

  @Test
  void shouldRetryRefusedProposalAndAttestationUntilTheyLand() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode a = net.node(0);
    TestNode b = net.node(1);
    a.refusals.add("propose");
    b.refusals.add("attest");
    RoundId id = net.createRound(a);

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertThat(outcomes.get(a).result()).isEqualTo(FINALIZED);
    assertThat(outcomes.get(b).result()).isEqualTo(VERIFIED);
    assertThat(net.chain.calls(a.address, "propose")).isEqualTo(1);
    assertThat(a.refusals).isEmpty();
    assertThat(b.refusals).isEmpty();
    assertThat(a.ledger().finalization(id).orElseThrow().attesters()).contains(b.address);
  }

  @Test
  void shouldForfeitASilentParticipantAndShareItAmongTheAttesters() {
    RoundNetwork net = new RoundNetwork(dir, 4);
    TestNode silent = net.node(3);
    RoundId id = net.createRound(net.node(0));
    silent.ledger().join(id);

    Map<TestNode, RoundOutcome> outcomes = net.run(id, net.nodes.subList(0, 3));

    BigInteger penalty = RoundNetwork.MIN_STAKE.divide(BigInteger.TEN);
    Settlement s = silent.ledger().settlement(id).orElseThrow();
    assertThat(s.forfeits()).containsExactly(Map.entry(silent.address, penalty));
    assertThat(s.rewards()).containsOnlyKeys(addresses(net.nodes.subList(0, 3)));
    assertThat(s.rewards().values().stream().reduce(BigInteger.ZERO, BigInteger::add))
        .isLessThanOrEqualTo(penalty)
        .isGreaterThan(penalty.subtract(BigInteger.TEN));
    assertThat(net.chain.freeStake(silent.address)).isEqualTo(RoundNetwork.STAKE.subtract(penalty));
    assertThat(net.chain.reservedStake(silent.address)).isZero();
    assertThat(outcomes.values())
        .extracting(RoundOutcome::result)
        .containsOnly(FINALIZED, VERIFIED);
  }
}
