package io.d2ora.app.node;

import static io.d2ora.app.node.TestNetwork.round;
import static io.d2ora.testing.RealComponent.ANVIL;
import static io.d2ora.testing.RealComponent.BASE_MODEL;
import static io.d2ora.testing.RealComponent.SENTIMENT_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.ledger.ChainRoundReader;
import io.d2ora.app.node.HostileAggregator.Fault;
import io.d2ora.app.node.TestNetwork.CliResult;
import io.d2ora.app.testing.TcpRelay;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.Proposal;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.round.RoundOutcome.Result;
import io.d2ora.core.round.RoundStatus.Stage;
import io.d2ora.core.round.Settlement;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 on a real chain: four real nodes (real Hardhat devnet, libp2p over loopback, the real
 * model) whose aggregator is hostile (a real node whose proposal step is replaced, {@link
 * HostileAggregator}). Its proposal gets no attestations; an honest participant proposes the honest
 * result, which finalizes by quorum; the round settles, pays the reward pool, and every stake is
 * free and can be withdrawn. The cases share one chain and run in order.
 */
@RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountableRoundAcceptanceTest {
  private static final long POOL = 4_000_000_000_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path work;
  private TestNetwork network;
  private List<TestPeer> running = List.of();
  private long nextRound = 1;

  @BeforeAll
  void startChain() throws Exception {
    network = TestNetwork.start(work);
  }

  @AfterAll
  void stopChain() throws Exception {
    if (network != null) {
      network.close();
    }
  }

  @AfterEach
  void stopPeers() throws InterruptedException {
    for (TestPeer p : running) {
      p.stop();
    }
  }

  /** Four peers on devnet accounts 1..4; the first creates the round, aggregates and is hostile. */
  private List<TestPeer> peers(String tag, Fault fault) throws Exception {
    Path config = network.roundConfig("fedavg");
    List<TestPeer> p = new ArrayList<>();
    p.add(
        network
            .peer(tag + "-a", 1, "imdb", config)
            .creatingRounds()
            .setting("round-reward-pool", POOL));
    p.add(network.peer(tag + "-b", 2, "yelp", config));
    p.add(network.peer(tag + "-c", 3, "amazon", config));
    p.add(network.peer(tag + "-d", 4, "yelp", config));
    p.get(0).hostile(fault, () -> p.get(3).address());
    return p;
  }

  @Test
  @Order(1)
  void shouldFinalizeTheHonestProposalWhenTheAggregatorProposesAWrongHash() throws Exception {
    List<TestPeer> p = peers("wrong", Fault.WRONG_HASH);
    running = p;
    RoundId r = round(nextRound++);
    // c reaches the chain through a relay that goes down once c aggregated, for longer than the
    // chain client's retry budget (issue 12, item 7): c waits, reports, and resumes.
    try (TcpRelay relay = new TcpRelay(URI.create(network.rpcUrl))) {
      p.get(2).setting("chain-rpc-url", relay.uri().toString());
      network.start(p.toArray(TestPeer[]::new));
      p.get(2).awaitStage(Stage.PROPOSING, Duration.ofMinutes(3));
      relay.cut();
      Thread.sleep(20_000);
      relay.restore();

      List<RoundOutcome> outcomes = awaitAll(p, r);

      assertThat(outcomes)
          .extracting(RoundOutcome::result)
          .containsOnly(Result.FINALIZED, Result.VERIFIED);
      assertThat(p.get(2).statuses())
          .as("c reported the outage while it lasted")
          .anyMatch(s -> s.failures() > 0 && s.detail().contains("unavailable"));
    }
    try (ChainRoundReader chain = network.reader()) {
      Proposal hostile = chain.proposals(r).get(0);
      Finalization f = chain.finalization(r).orElseThrow();
      assertThat(hostile.proposer()).isEqualTo(p.get(0).address());
      assertThat(hostile.attesters()).as("nobody attests the wrong hash").isEmpty();
      assertThat(hostile.finalized()).isFalse();
      assertThat(f.aggregateHash()).isNotEqualTo(hostile.aggregateHash());
      assertThat(f.proposer()).isNotEqualTo(p.get(0).address());
      assertThat(f.included()).hasSize(4);
      assertThat(f.attesters()).hasSizeGreaterThanOrEqualTo(f.proposal().quorum());
      assertPaidAndReleased(chain, r, f, p);
    }
    assertThat(verify(r, p.get(1))).isZero();
  }

  @Test
  @Order(2)
  void shouldGiveNoQuorumToAnAggregateThatLeavesOutAnHonestUpdateAndFreeEveryStake()
      throws Exception {
    List<TestPeer> p = peers("exclude", Fault.EXCLUDE);
    running = p;
    RoundId r = round(nextRound++);
    network.start(p.toArray(TestPeer[]::new));

    List<RoundOutcome> outcomes = awaitAll(p, r);

    // d, the left-out one, is also the honest participant with the lowest address: first to
    // propose.
    assertThat(outcomes.get(3).result()).isEqualTo(Result.FINALIZED);
    try (ChainRoundReader chain = network.reader()) {
      Proposal excluding = chain.proposals(r).get(0);
      Address victim = p.get(3).address();
      assertThat(excluding.proposer()).isEqualTo(p.get(0).address());
      assertThat(excluding.included()).hasSize(3).doesNotContain(victim);
      assertThat(excluding.attesters()).isEmpty();
      Finalization f = chain.finalization(r).orElseThrow();
      assertThat(f.included()).hasSize(4).contains(victim);
      assertThat(f.proposer()).isEqualTo(victim);
      assertThat(f.attesters()).contains(victim);
      assertPaidAndReleased(chain, r, f, p);
    }
    assertThat(verify(r, p.get(3))).isZero();
    withdrawAllStakes();
  }

  /**
   * After the rounds every participant's stake is free: each unbonds all of it with {@code stake
   * withdraw --amount} (refused while a round still reserves any), and once the unbonding delay has
   * passed {@code stake withdraw} pays it out.
   */
  private void withdrawAllStakes() throws Exception {
    List<String> keys = List.of("1", "2", "3", "4");
    for (String key : keys) {
      JsonNode before = stake(key);
      assertThat(before.get("reserved").asText()).isEqualTo("0");
      BigInteger free = new BigInteger(before.get("free").asText());
      assertThat(free).isPositive();
      CliResult unstake =
          network.cli(
              "stake",
              "withdraw",
              "--amount",
              tokens(free),
              "--chain-devnet-account",
              key,
              "--json");
      assertThat(unstake.code()).as(unstake.out()).isZero();
    }
    network.increaseTime(Duration.ofSeconds(61));
    for (String key : keys) {
      BigInteger balance = new BigInteger(stake(key).get("tokenBalance").asText());
      CliResult withdraw =
          network.cli("stake", "withdraw", "--chain-devnet-account", key, "--json");
      assertThat(withdraw.code()).as(withdraw.out()).isZero();
      JsonNode after = stake(key);
      assertThat(after.get("staked").asText()).isEqualTo("0");
      assertThat(new BigInteger(after.get("tokenBalance").asText())).isGreaterThan(balance);
    }
  }

  private JsonNode stake(String key) throws Exception {
    CliResult show = network.cli("stake", "show", "--chain-devnet-account", key, "--json");
    assertThat(show.code()).as(show.out()).isZero();
    return JSON.readTree(show.out());
  }

  private static String tokens(BigInteger baseUnits) {
    return new BigDecimal(baseUnits).movePointLeft(18).toPlainString();
  }

  private List<RoundOutcome> awaitAll(List<TestPeer> peers, RoundId r) throws InterruptedException {
    List<RoundOutcome> outcomes = new ArrayList<>();
    for (TestPeer peer : peers) {
      outcomes.add(peer.awaitOutcome(r));
    }
    return outcomes;
  }

  /** The winners' attesters shared the pool; the round released every reservation. */
  private static void assertPaidAndReleased(
      ChainRoundReader chain, RoundId r, Finalization f, List<TestPeer> peers)
      throws InterruptedException {
    Settlement s = chain.settlement(r).orElseThrow();
    assertThat(s.refunded()).isFalse();
    assertThat(s.rewards().keySet()).containsExactlyInAnyOrderElementsOf(f.attesters());
    assertThat(s.rewards().values()).allSatisfy(v -> assertThat(v).isPositive());
    BigInteger paid = s.rewards().values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    // Shared pro rata: only rounding dust (less than a unit per rewarded participant) stays.
    assertThat(paid)
        .isLessThanOrEqualTo(BigInteger.valueOf(POOL))
        .isGreaterThan(BigInteger.valueOf(POOL - f.attesters().size()));
    assertThat(chain.round(r).orElseThrow().phase().name()).isEqualTo("SETTLED");
    for (TestPeer p : peers) {
      assertThat(p.awaitOutcome(r).detail()).contains("settled in block");
    }
  }

  private int verify(RoundId r, TestPeer from) throws Exception {
    CliResult result =
        network.cli(
            "verify",
            "round",
            r.toString(),
            "--round-config",
            network.roundConfig("fedavg").toString(),
            "--data-dir",
            from.dataDir.toString());
    System.out.println(result.out());
    return result.code();
  }
}
