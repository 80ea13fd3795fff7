package io.d2ora.chain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * The Anvil devnet: a second EVM (Foundry's, not Hardhat's) mining on the wall clock. The registry
 * deploys on it, a round is created and joined there, and its join deadline passes by real blocks
 * alone, with no {@code evm_increaseTime}.
 */
@RequiresRealComponents(RealComponent.ANVIL)
class AnvilDevnetIT {
  private static final Duration BLOCK_TIME = Duration.ofSeconds(2);
  private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
  private static Devnet devnet;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.anvil(BLOCK_TIME).stakeEach(100).start();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void shouldMineBlocksOnTheWallClockWithoutTransactions() {
    long first = devnet.blockNumber();
    long started = System.nanoTime();

    awaitChain(() -> devnet.blockNumber() >= first + 3, Duration.ofSeconds(20));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(devnet.blockTime()).contains(BLOCK_TIME);
    assertThat(took).as("three blocks of 2 s").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(Duration.between(devnet.latestBlockTime(), Instant.now()).abs())
        .as("block timestamps follow the wall clock")
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void shouldCreateAndJoinARoundWhoseJoinDeadlinePassesByRealBlocks() {
    try (var creator = devnet.client(0);
        var alice = devnet.client(1);
        var bob = devnet.client(2);
        var late = devnet.client(3)) {
      Instant now = creator.latestBlockTime();
      Instant joinDeadline = now.plusSeconds(16);
      long round =
          creator.createRound(
              new RoundParams(
                  Hash32.of(Hash.sha3("base".getBytes())),
                  Hash32.of(Hash.sha3("config".getBytes())),
                  joinDeadline,
                  now.plusSeconds(120),
                  now.plusSeconds(240),
                  TOKEN.multiply(BigInteger.TEN),
                  3,
                  1_000_000,
                  RoundParams.DEFAULT_QUORUM,
                  BigInteger.ZERO,
                  creator.account()));
      alice.join(round);
      bob.join(round);

      assertThat(creator.phase(round)).isEqualTo(RegistryRound.Phase.JOINING);
      assertThat(creator.participants(round))
          .containsExactlyInAnyOrder(alice.account(), bob.account());

      awaitChain(() -> creator.latestBlockTime().isAfter(joinDeadline), Duration.ofSeconds(40));
      assertThat(creator.phase(round)).isEqualTo(RegistryRound.Phase.COMMITTING);
      assertThatThrownBy(() -> late.join(round))
          .isInstanceOfSatisfying(
              ChainRevertException.class, e -> assertThat(e.errorName()).isEqualTo("JoinClosed"));
    }
  }

  private static void awaitChain(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the Anvil chain did not get there within " + timeout);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
