package io.d2ora.core.round;

import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.store.ContentHash;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One participant's update must never fail the round for the others. The attacker is a staked
 * participant (node c) who commits an update the aggregator cannot combine with the rest; what it
 * would take is the whole round: the honest participants' work, the round's progress and, on a
 * chain that pays per round, everyone's reward. Each test ends with the honest updates finalized.
 */
class RoundRunnerExclusionTest {
  /**
   * First value of an update that the test's aggregator cannot combine (stands for another rank).
   */
  private static final float POISON = 666;

  @TempDir Path dir;

  /** MEAN, but failing without naming an input when one carries {@link #POISON}. */
  private static final UpdateAggregator CHOKES_ON_POISON =
      (round, updates) -> {
        if (updates.stream().anyMatch(u -> TinyUpdates.decode(u.bytes())[0] == POISON)) {
          throw new InvalidUpdateException("cannot aggregate round " + round.id());
        }
        return TinyUpdates.MEAN.aggregate(round, updates);
      };

  /** The plain validator, plus: rejects {@link #POISON} (as the real one rejects another rank). */
  private static final UpdateValidator REJECTS_POISON =
      (round, signer, numSamples, bytes) -> {
        if (TinyUpdates.decode(bytes)[0] == POISON) {
          throw new InvalidUpdateException("rank 4 does not fit the round's rank 2");
        }
      };

  private static byte[] poisoned() {
    return TinyUpdates.encode(new float[] {POISON, 1, 1, 1, 1, 1, 1, 1});
  }

  @Test
  void shouldFinalizeHonestUpdatesWhenAggregatorFailsWithoutNamingTheInput() {
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode c = net.node(2);
    c.trainedFile = bytes -> poisoned();
    net.nodes.forEach(n -> n.aggregator = CHOKES_ON_POISON);
    RoundId id = net.createRound(net.node(0));

    Map<TestNode, RoundOutcome> outcomes = net.run(id);

    Finalization f = c.ledger().finalization(id).orElseThrow();
    assertThat(f.included()).containsExactly(net.node(0).address, net.node(1).address);
    assertThat(f.aggregateHash()).isEqualTo(net.expectedAggregate(net.nodes.subList(0, 2)));
    assertThat(outcomes.get(net.node(0)).result()).isEqualTo(FINALIZED);
    assertThat(outcomes.get(net.node(1)).result()).isEqualTo(VERIFIED);
    assertThat(outcomes.get(c).result()).isEqualTo(VERIFIED);
    assertThat(journal(net.node(1), id).record().rejected().get(c.address))
        .contains("succeeds without this update");
  }

  @Test
  void shouldLeaveOutUpdateThatFailsValidationOnSecondLook() {
    // A journal written before validation covered the failure (an older node, resumed) holds c's
    // update as accepted; when aggregation then fails, the validator is asked again.
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode a = net.node(0);
    TestNode c = net.node(2);
    c.trainedFile = bytes -> poisoned();
    net.nodes.forEach(n -> n.aggregator = CHOKES_ON_POISON);
    net.nodes.forEach(n -> n.validator = REJECTS_POISON);
    RoundId id = net.createRound(a);
    ContentHash stale = a.store().put(poisoned());
    journal(a, id).fetched(c.address, stale, c.samples);

    Map<TestNode, RoundOutcome> outcomes = net.run(id, net.nodes.subList(0, 2));

    assertThat(outcomes.get(a).result()).isEqualTo(FINALIZED);
    assertThat(outcomes.get(a).included()).containsExactly(a.address, net.node(1).address);
    assertThat(journal(a, id).record().rejected().get(c.address)).contains("rank 4");
  }

  @Test
  void shouldValidateCommittedBytesAlreadyInTheStore() {
    // c commits to bytes the honest nodes already hold (e.g. a file of an earlier round); finding
    // them locally must not skip validation.
    RoundNetwork net = new RoundNetwork(dir, 3);
    TestNode a = net.node(0);
    TestNode b = net.node(1);
    TestNode c = net.node(2);
    net.nodes.forEach(n -> n.validator = REJECTS_POISON);
    RoundId id = net.createRound(a);
    ContentHash held = a.store().put(poisoned());
    b.store().put(poisoned());
    c.ledger().join(id);
    c.ledger().commit(id, held, c.samples);

    Map<TestNode, RoundOutcome> outcomes = net.run(id, List.of(a, b));

    assertThat(a.ledger().finalization(id).orElseThrow().included())
        .containsExactly(a.address, b.address);
    assertThat(outcomes.get(b).result()).isEqualTo(VERIFIED);
    assertThat(journal(b, id).record().rejected().get(c.address)).contains("invalid update");
  }

  private static RoundJournal journal(TestNode n, RoundId id) {
    return RoundJournal.open(n.dataDir.resolve("journal"), id);
  }
}
