package io.d2ora.core.round;

import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.SimulatedCrash.CrashPoint;
import io.d2ora.core.store.ContentHash;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node killed at each step of a round and restarted on its data directory (a fresh runner, fresh
 * store and journal objects) ends the round as if nothing happened: same aggregate, one join, one
 * commit, one proposal, one attestation (killed between journaling the attestation and sending it,
 * or between sending it and journaling that it landed), one settlement.
 */
class RoundRunnerResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void shouldResumeWithoutDoubleWritesWhenAggregatorCrashes(CrashPoint point) {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode a = net.node(0);
    a.armed.add(point);
    RoundId id = net.createRound(a);

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertResumed(net, a, id, outcomes);
    assertThat(outcomes.get(a).result()).isEqualTo(FINALIZED);
    assertThat(net.chain.calls(a.address, "propose")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = CrashPoint.class,
      names = {"AFTER_PROPOSE_SENT", "AFTER_SETTLE_SENT"},
      mode = EnumSource.Mode.EXCLUDE)
  void shouldResumeWithoutDoubleWritesWhenParticipantCrashes(CrashPoint point) {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode b = net.node(1);
    b.armed.add(point);
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    assertResumed(net, b, id, outcomes);
    assertThat(outcomes.get(b).result()).isEqualTo(VERIFIED);
    assertThat(net.chain.calls(b.address, "propose")).isZero();
  }

  private static void assertResumed(
      RoundNetwork net, TestNode crashed, RoundId id, Map<TestNode, RoundOutcome> outcomes) {
    ContentHash expected = net.expectedAggregate(net.nodes);
    assertThat(crashed.crashes).as("crashes").isEqualTo(1);
    assertThat(net.chain.calls(crashed.address, "join")).as("joins").isEqualTo(1);
    assertThat(net.chain.calls(crashed.address, "commit")).as("commits").isEqualTo(1);
    assertThat(net.chain.calls(crashed.address, "attest")).as("attestations sent").isEqualTo(1);
    Finalization f = crashed.ledger().finalization(id).orElseThrow();
    assertThat(f.aggregateHash()).isEqualTo(expected);
    assertThat(f.attesters()).as("attested once, the winner").contains(crashed.address);
    assertThat(crashed.ledger().proposals(id)).hasSize(1);
    assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.finalizedHash()).contains(expected));
    assertThat(crashed.ledger().settlement(id)).isPresent();
    assertThat(net.nodes.stream().mapToInt(n -> net.chain.calls(n.address, "settle")).sum())
        .isEqualTo(1);
    assertThat(
            crashed
                .store()
                .contains(
                    crashed.ledger().commitment(id, crashed.address).orElseThrow().updateHash()))
        .isTrue();
  }
}
