package io.d2ora.app.ledger;

import io.d2ora.chain.testing.Devnet;
import io.d2ora.core.round.AbstractRoundLedgerTest;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.RoundLedgerTestbed;
import io.d2ora.core.store.ContentHash;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The round-ledger contract suite against {@link ChainRoundLedger} on a real Hardhat node (one
 * {@link Devnet} for the class, five accounts staked); time moves with {@code evm_increaseTime} +
 * {@code evm_mine}.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class ChainRoundLedgerIT extends AbstractRoundLedgerTest {
  private static final BigInteger MIN_STAKE = BigInteger.TEN.pow(18);
  private static Devnet devnet;

  @BeforeAll
  static void startChain() {
    devnet = Devnet.hardhat().stakeEach(100).start();
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

  /** Peers are devnet accounts 1..3, each a {@link ChainRoundLedger} signing with its own key. */
  private static final class HardhatTestbed implements RoundLedgerTestbed {
    private final List<ChainRoundLedger> peers = new ArrayList<>();

    HardhatTestbed() {
      for (int i = 1; i <= 3; i++) {
        peers.add(
            ChainRoundLedger.connect(
                new ChainAccess(
                    devnet.rpcUrl().toString(),
                    devnet.chainId(),
                    devnet.info().registryAddress(),
                    devnet.privateKeyHex(i)),
                Duration.ofMillis(200)));
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
      ChainDirectory directory = peers.get(0).directory();
      long now = directory.chainTime();
      long[] deadlines = {
        now + join.toSeconds() + 1, now + commit.toSeconds() + 1, now + finalize.toSeconds() + 1
      };
      return directory.createRound(
          baseModelHash, configHash, deadlines, MIN_STAKE, 3, peers.get(aggregator).self());
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
