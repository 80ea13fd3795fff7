package io.d2ora.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.testing.TcpRelay;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.chain.testing.FlakyRpcProxy;
import io.d2ora.core.round.AbstractRoundLedgerTest;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.RoundLedgerTestbed;
import io.d2ora.core.store.ContentHash;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round-ledger contract suite against {@link ChainRoundLedger} on a real Hardhat node (one
 * {@link Devnet} for the class, five accounts staked), each ledger built from the devnet file as
 * every command resolves its chain; time moves with {@code evm_increaseTime} + {@code evm_mine}.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class ChainRoundLedgerIT extends AbstractRoundLedgerTest {
  private static final BigInteger MIN_STAKE = BigInteger.TEN.pow(18);
  private static final long SAMPLE_CAP = 1_000_000;
  @TempDir static Path work;
  private static Devnet devnet;
  private static Path devnetFile;

  @BeforeAll
  static void startChain() {
    devnet = Devnet.hardhat().stakeEach(100).start();
    devnetFile = devnet.writeDevnetFile(work.resolve("devnet.json"));
  }

  @AfterAll
  static void stopChain() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Override
  protected RoundLedgerTestbed newTestbed() {
    return new HardhatTestbed();
  }

  /** The devnet file's chain, as every command resolves it, plus {@code flags}. */
  private static ChainSettings chain(Map<String, Object> flags) {
    Map<String, Object> all = new HashMap<>(flags);
    all.put("chain-devnet-file", devnetFile.toString());
    return ChainSettings.resolve(new Settings(all, Map.of(), Optional.empty()));
  }

  @Test
  void shouldReadRoundsWithoutAKeyAndTakeTheChainIdFromTheNode() {
    try (RoundLedgerTestbed bed = newTestbed();
        ChainRoundReader reader = chain(Map.of()).roundReader(Duration.ofMillis(200))) {
      RoundId id =
          bed.createRound(
              BASE,
              CONFIG,
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(300),
              0);
      bed.peer(1).join(id);

      assertThat(reader.chainId()).isEqualTo(devnet.chainId());
      assertThat(reader.round(id)).isEqualTo(bed.peer(0).round(id)).isPresent();
      assertThat(reader.participants(id)).isEqualTo(bed.peer(0).participants(id)).hasSize(1);
      assertThat(reader.directory().roundCount()).isGreaterThanOrEqualTo(id.value());
    }
  }

  /**
   * Issue 12, item 7: an RPC outage longer than the retry budget surfaces from every port method,
   * read or write, as {@link LedgerUnavailableException} (which the round runner waits out), never
   * as another exception; once the endpoint is back the same ledger works again.
   */
  @Test
  void shouldReportAnOutageAsUnavailableFromEveryCallAndRecover() throws Exception {
    try (RoundLedgerTestbed bed = newTestbed();
        TcpRelay relay = new TcpRelay(devnet.rpcUrl());
        ChainRoundLedger ledger =
            chain(Map.of("chain-devnet-account", 1, "chain-rpc-url", relay.uri().toString()))
                .roundLedger(Duration.ofMillis(200))) {
      RoundId id =
          bed.createRound(
              BASE,
              CONFIG,
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(300),
              0);
      ledger.join(id);
      relay.cut();

      // One call per way to the chain (each waits out the retry budget, ~6 s): a snapshot, a
      // plain view, events, the latest block, and a write that reads first, one that estimates
      // gas, one signed by the port.
      List<Runnable> calls =
          List.of(
              () -> ledger.round(id),
              () -> ledger.participants(id),
              () -> ledger.settlement(id),
              ledger::now,
              () -> ledger.commit(id, hash(1), 10),
              () -> ledger.propose(id, hash(2), List.of(ledger.self())),
              () -> ledger.attest(id, hash(2), List.of(ledger.self())));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run).isInstanceOf(LedgerUnavailableException.class);
      }
      relay.restore();

      assertThat(ledger.participants(id)).extracting(Participant::address).contains(ledger.self());
      assertThat(ledger.commit(id, hash(1), 10).blockNumber()).isPositive();
    }
  }

  /**
   * Who is attacked: a node whose chain endpoint (a relayer, or a node whose answers at one block
   * disagree, as seen once in CI on Hardhat) reverts a view the block's own state allows. The read
   * ports promise only {@link LedgerUnavailableException}; a revert surfaced as a rejection and
   * ended the node's round loop ("exclude-b crashed: ... getProposal reverted"), losing its
   * attestation and reward. Now it is waited out like an outage and the next read succeeds.
   */
  @Test
  void shouldReportAReadThatRevertsAsUnavailableAndReadAgain() {
    try (RoundLedgerTestbed bed = newTestbed();
        FlakyRpcProxy proxy = FlakyRpcProxy.start(devnet.rpcUrl());
        ChainRoundReader reader =
            chain(Map.of("chain-rpc-url", proxy.url().toString()))
                .roundReader(Duration.ofMillis(200))) {
      RoundId id =
          bed.createRound(
              BASE,
              CONFIG,
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(300),
              0);
      bed.peer(1).join(id);

      List<Runnable> reads =
          List.of(
              () -> reader.round(id),
              () -> reader.participants(id),
              () -> reader.proposals(id),
              () -> reader.directory().roundCount());
      for (Runnable read : reads) {
        proxy.answerWithError("eth_call", 1, "execution reverted: custom error 0x37399582");
        assertThatThrownBy(read::run)
            .isInstanceOf(LedgerUnavailableException.class)
            .hasMessageContaining("answers disagree");
      }

      assertThat(reader.round(id)).isEqualTo(bed.peer(0).round(id)).isPresent();
      assertThat(reader.participants(id)).hasSize(1);
    }
  }

  /** Peers are devnet accounts 1..3, each a {@link ChainRoundLedger} signing with its own key. */
  private static final class HardhatTestbed implements RoundLedgerTestbed {
    private final List<ChainRoundLedger> peers = new ArrayList<>();

    HardhatTestbed() {
      for (int i = 1; i <= 3; i++) {
        peers.add(chain(Map.of("chain-devnet-account", i)).roundLedger(Duration.ofMillis(200)));
      }
    }

    @Override
    public RoundLedger peer(int index) {
      return peers.get(index);
    }

    @Override
    public BigInteger minStake() {
      return MIN_STAKE;
    }

    /** Offsets are inclusive (core) deadlines; the contract's are exclusive, hence + 1. */
    @Override
    public RoundId createRound(
        ContentHash baseModelHash,
        ContentHash configHash,
        Duration join,
        Duration commit,
        Duration finalize,
        int aggregator) {
      long now = peers.get(0).directory().chainTime();
      return peers
          .get(0)
          .createRound(
              new ChainRoundLedger.Terms(
                  baseModelHash,
                  configHash,
                  now + join.toSeconds() + 1,
                  now + commit.toSeconds() + 1,
                  now + finalize.toSeconds() + 1,
                  MIN_STAKE,
                  3,
                  SAMPLE_CAP,
                  0,
                  BigInteger.ZERO,
                  peers.get(aggregator).self()));
    }

    @Override
    public void advanceTime(Duration d) {
      devnet.increaseTime(d);
    }

    @Override
    public void close() {
      peers.forEach(ChainRoundLedger::close);
    }
  }
}
