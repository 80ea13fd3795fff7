package io.d2ora.app.node;

import static io.d2ora.app.node.TestNetwork.round;
import static io.d2ora.testing.RealComponent.ANVIL;
import static io.d2ora.testing.RealComponent.BASE_MODEL;
import static io.d2ora.testing.RealComponent.SENTIMENT_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.RoundId;
import io.d2ora.testing.RequiresRealComponents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's one-fault-per-round matrix: for each {@link Fault}, rounds of four honest peers and
 * one {@link ByzantinePeer} carrying only that fault, on one real chain. Prints a table per fault:
 * rounds finalized / rounds run, honest updates included, seconds from the attacker's commit to the
 * honest side's answer (rejection, penalty, slash, refusal; the median over rounds). Each round
 * must finalize with exactly the updates an honest network owes, and penalise the attacker.
 *
 * <p>Not part of CI (about three minutes a round): {@code scripts/byzantine-matrix.sh [FAULT,...]
 * [ROUNDS]}, or {@code -Dbyzantine.matrix=true [-Dbyzantine.faults=NAN_TENSORS,WITHHOLD]
 * [-Dbyzantine.rounds=2]}.
 */
@RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfSystemProperty(named = "byzantine.matrix", matches = "true")
class ByzantineMatrixTest {
  @TempDir static Path work;
  private TestNetwork network;
  private final List<TestPeer> running = new ArrayList<>();
  private long nextRound = 1;

  /** One fault's results. */
  record Row(Fault fault, int run, int finalized, int honestIncluded, List<Duration> exclusion) {
    String format() {
      String time =
          exclusion.isEmpty()
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%.1f s",
                  exclusion.stream().sorted().toList().get(exclusion.size() / 2).toMillis()
                      / 1000.0);
      return String.format(
          Locale.ROOT,
          "| %-20s | %d / %d | %d / %d | %s |",
          fault,
          finalized,
          run,
          honestIncluded,
          4 * run,
          time);
    }
  }

  @BeforeAll
  void startChain() throws Exception {
    network = TestNetwork.start(work);
  }

  @AfterAll
  void stop() throws Exception {
    stopPeers();
    if (network != null) {
      network.close();
    }
  }

  private void stopPeers() throws InterruptedException {
    for (TestPeer p : running) {
      p.stop();
    }
    running.clear();
  }

  @Test
  void shouldAnswerEveryFaultAloneInEveryRound() throws Exception {
    List<Fault> faults =
        Optional.ofNullable(System.getProperty("byzantine.faults"))
            .filter(s -> !s.isBlank())
            .map(s -> Arrays.stream(s.split(",")).map(String::trim).map(Fault::valueOf).toList())
            .orElse(List.of(Fault.values()));
    int rounds = Integer.getInteger("byzantine.rounds", 1);
    List<Row> rows = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Fault fault : faults) {
      int finalized = 0;
      int honestIncluded = 0;
      List<Duration> exclusion = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        try {
          ByzantineRound round = runRound(fault);
          ByzantineRound.Tally tally = round.tally(fault);
          finalized += tally.finalized() ? 1 : 0;
          honestIncluded += tally.honestIncluded();
          tally.exclusion().ifPresent(exclusion::add);
          round.assertFinalizedWithExactlyTheHonestUpdates();
          round.assertEveryByzantinePeerPenalised();
          assertThat(round.verify(round.honestPeer(1), network.roundConfig("fedavg")))
              .as("verify round")
              .isZero();
        } catch (AssertionError | RuntimeException e) {
          failures.add(fault + " round " + (i + 1) + ": " + e.getMessage());
        } finally {
          stopPeers();
        }
      }
      rows.add(new Row(fault, rounds, finalized, honestIncluded, exclusion));
      System.out.println(rows.getLast().format());
    }
    System.out.println(
        "\n| fault | rounds finalized / run | honest updates included | time to exclusion |\n"
            + "|---|---|---|---|");
    rows.forEach(r -> System.out.println(r.format()));
    failures.forEach(f -> System.out.println("FAILED " + f));
    assertThat(failures).isEmpty();
  }

  private ByzantineRound runRound(Fault fault) throws Exception {
    Path config = network.roundConfig("fedavg");
    RoundId r = round(nextRound++);
    String tag = "r" + r + "-";
    List<TestPeer> honest =
        List.of(
            ByzantineRound.creator(network.peer(tag + "honest-a", 1, "imdb", config)),
            network.peer(tag + "honest-b", 2, "yelp", config),
            network.peer(tag + "honest-c", 3, "amazon", config),
            network.peer(tag + "honest-d", 4, "imdb", config));
    int account = network.addAccounts(tag + fault, 1).get(0);
    ByzantinePeer attacker =
        ByzantinePeer.of(
            network, tag + fault.name().toLowerCase(Locale.ROOT), account, "yelp", config, fault);
    ByzantineRound round = new ByzantineRound(network, r, honest, List.of(attacker));
    running.addAll(round.all());
    round.start();
    round.awaitOutcomes();
    return round;
  }
}
