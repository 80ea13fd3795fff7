package io.d2ora.app.node;

import static io.d2ora.app.node.TestNetwork.round;
import static io.d2ora.testing.RealComponent.ANVIL;
import static io.d2ora.testing.RealComponent.BASE_MODEL;
import static io.d2ora.testing.RealComponent.SENTIMENT_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.RoundId;
import io.d2ora.testing.RequiresRealComponents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's adversarial suite in one round, for CI: four honest peers and six Byzantine ones (real
 * nodes whose ports are switched by {@link Fault}s) carrying every fault at once. The round must
 * finalize with exactly the honest updates and verify, no node may exit, and each Byzantine peer
 * must be penalised: rejected by name in every honest journal, penalised by peer ID, slashed or
 * forfeited on chain where the chain holds the evidence, unrewarded.
 *
 * <p>The registry finalizes a proposal attested by more than half of the committed, unslashed
 * participants, so the round can only finalize if the honest peers outnumber those that committed
 * and vote otherwise (here three: the sample-count liar, the rank liar and the withholder); the
 * slashed equivocators and the refused commit do not count. The quorum is set to its minimum,
 * 50.01%. {@link ByzantineMatrixTest} runs one fault per round.
 */
@RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ByzantineAcceptanceTest {
  @TempDir static Path work;
  private TestNetwork network;
  private final List<TestPeer> running = new ArrayList<>();

  @BeforeAll
  void startChain() throws Exception {
    network = TestNetwork.start(work);
  }

  @AfterAll
  void stop() throws Exception {
    for (TestPeer p : running) {
      p.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void shouldFinalizeExactlyTheHonestUpdatesWhenEveryFaultStrikesOneRound() throws Exception {
    Path config = network.roundConfig("fedavg");
    RoundId r = round(1);
    List<TestPeer> honest =
        List.of(
            ByzantineRound.creator(network.peer("honest-a", 1, "imdb", config)),
            network.peer("honest-b", 2, "yelp", config),
            network.peer("honest-c", 3, "amazon", config),
            network.peer("honest-d", 4, "imdb", config));
    List<Integer> accounts = network.addAccounts("byzantine", 6);
    List<ByzantinePeer> byzantine =
        List.of(
            ByzantinePeer.of(
                network,
                "count-liar",
                accounts.get(0),
                "yelp",
                config,
                Fault.WRONG_SAMPLE_COUNT,
                Fault.WRONG_ATTESTATION,
                Fault.ANNOUNCEMENT_FLOOD),
            ByzantinePeer.of(
                network,
                "rank-liar",
                accounts.get(1),
                "amazon",
                config,
                Fault.WRONG_RANK,
                Fault.SLOW_LORIS),
            ByzantinePeer.of(
                network,
                "withholder",
                accounts.get(2),
                "imdb",
                config,
                Fault.WITHHOLD,
                Fault.SERVE_OTHER),
            ByzantinePeer.of(
                network,
                "huge",
                accounts.get(3),
                "yelp",
                config,
                Fault.HUGE_TENSORS,
                Fault.EQUIVOCATION),
            ByzantinePeer.of(
                network,
                "nan",
                accounts.get(4),
                "amazon",
                config,
                Fault.NAN_TENSORS,
                Fault.EQUIVOCATION),
            ByzantinePeer.of(
                network, "uint64-max", accounts.get(5), "imdb", config, Fault.UINT64_MAX_SAMPLES));
    assertThat(byzantine.stream().filter(ByzantinePeer::dissents).count())
        .as("honest peers must outnumber the committed dissenters for any quorum")
        .isLessThan(honest.size());

    ByzantineRound round = new ByzantineRound(network, r, honest, byzantine);
    running.addAll(round.all());
    round.start();
    round.awaitOutcomes();

    round.assertFinalizedWithExactlyTheHonestUpdates();
    round.assertEveryByzantinePeerPenalised();
    assertThat(round.verify(honest.get(1), config)).as("verify round " + r).isZero();
  }
}
