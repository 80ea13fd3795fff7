package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

class InMemoryRoundLedgerTest extends AbstractRoundLedgerTest {
  @Override
  protected RoundLedgerTestbed newTestbed() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    InMemoryChain chain = new InMemoryChain(clock);
    BigInteger minStake = BigInteger.TEN.pow(18);
    RoundLedger[] peers = new RoundLedger[3];
    for (int i = 0; i < peers.length; i++) {
      Address a = Address.parse(String.format("0x%040x", 0xa1 + i));
      chain.stake(a, minStake.multiply(BigInteger.valueOf(5)));
      peers[i] = chain.ledgerFor(a);
    }
    return new RoundLedgerTestbed() {
      @Override
      public RoundLedger peer(int index) {
        return peers[index];
      }

      @Override
      public BigInteger minStake() {
        return minStake;
      }

      @Override
      public RoundId createRound(
          ContentHash base,
          ContentHash config,
          Duration join,
          Duration commit,
          Duration finalize,
          int aggregator) {
        long now = clock.now().getEpochSecond();
        return chain.createRound(
            new InMemoryChain.RoundSpec(
                base,
                config,
                now + join.toSeconds(),
                now + commit.toSeconds(),
                now + finalize.toSeconds(),
                minStake,
                3,
                peers[aggregator].self()));
      }

      @Override
      public void advanceTime(Duration d) {
        clock.advance(d);
      }

      @Override
      public void close() {}
    };
  }
}
