package io.d2ora.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The client against a real Hardhat node: a whole round, events, reverts by name, nonces, connect
 * checks.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class Web3jChainClientIT {
  private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
  private static final Hash32 BASE = Hash32.of(Hash.sha3("base".getBytes()));
  private static Devnet devnet;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static RoundParams params(Instant now, EthAddress aggregator) {
    return new RoundParams(
        BASE,
        Hash32.of(Hash.sha3("config".getBytes())),
        now.plusSeconds(100),
        now.plusSeconds(200),
        now.plusSeconds(300),
        TOKEN.multiply(BigInteger.valueOf(100)),
        4,
        TOKEN.multiply(BigInteger.valueOf(30)),
        aggregator);
  }

  @Test
  void shouldRunARoundFromStakeToSettlementAndDeliverItsEvents() {
    try (var creator = devnet.client(0);
        var alice = devnet.client(1);
        var bob = devnet.client(2);
        var aggregator = devnet.client(3)) {
      long start = creator.blockNumber();
      List<ChainEvent> seen = new CopyOnWriteArrayList<>();
      try (EventSubscription sub = creator.subscribe(start, seen::add)) {
        alice.registerPeer(new byte[] {0, 36, 8, 1}, List.of("/ip4/127.0.0.1/tcp/4001"));
        alice.stake(TOKEN.multiply(BigInteger.valueOf(100)));
        bob.stake(TOKEN.multiply(BigInteger.valueOf(150)));
        long round = creator.createRound(params(creator.latestBlockTime(), aggregator.account()));
        alice.join(round);
        bob.join(round);
        assertThat(creator.phase(round)).isEqualTo(RegistryRound.Phase.JOINING);

        UpdateSigner signer = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
        Hash32 h1 = Hash32.of(Hash.sha3("update a".getBytes()));
        Hash32 h2 = Hash32.of(Hash.sha3("update b".getBytes()));
        SignedUpdate a = signer.sign(devnet.account(1), round, h1, 100, BASE);
        creator.commit(a); // a relayer submits alice's update
        bob.commit(signer.sign(devnet.account(2), round, h2, 300, BASE));
        assertThat(creator.commitments(round))
            .extracting(c -> c.signer(), c -> c.updateHash(), c -> c.numSamples())
            .containsExactly(tuple(alice.account(), h1, 100L), tuple(bob.account(), h2, 300L));

        devnet.increaseTime(Duration.ofSeconds(200));
        Hash32 aggregate = Hash32.of(Hash.sha3("aggregate".getBytes()));
        aggregator.finalizeRound(round, aggregate, List.of(bob.account(), alice.account()));
        alice.dispute(round, h2);
        creator.settle(round);

        RegistryRound info = creator.round(round).orElseThrow();
        assertThat(info.status()).isEqualTo(RegistryRound.Status.SETTLED);
        assertThat(info.aggregateHash()).isEqualTo(aggregate);
        assertThat(info.includedSamples()).isEqualTo(BigInteger.valueOf(400));
        assertThat(creator.disputes(round))
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.participant()).isEqualTo(alice.account());
                  assertThat(d.claimedHash()).isEqualTo(h2);
                });
        assertThat(creator.stakeOf(alice.account()).staked())
            .isEqualTo(
                TOKEN
                    .multiply(BigInteger.valueOf(100))
                    .add(TOKEN.multiply(BigInteger.valueOf(30)).divide(BigInteger.valueOf(4))));
        assertThat(creator.peer(alice.account()).orElseThrow().multiaddrs())
            .containsExactly("/ip4/127.0.0.1/tcp/4001");
        RegistryParticipant p = creator.participant(round, alice.account()).orElseThrow();
        assertThat(p.included()).isTrue();
        assertThat(p.disputed()).isTrue();
        assertReadableWithoutAKey(round, info, creator.commitments(round));

        long end = creator.blockNumber();
        awaitEvents(sub, end);
        assertThat(seen)
            .extracting(e -> e.getClass().getSimpleName())
            .containsSubsequence(
                "PeerRegistered",
                "Staked",
                "Staked",
                "RoundCreated",
                "Joined",
                "Joined",
                "UpdateCommitted",
                "UpdateCommitted",
                "RoundFinalized",
                "Disputed",
                "RewardPaid",
                "RewardPaid",
                "RoundSettled");
        assertThat(seen).isEqualTo(creator.events(start, end));
      }
    }
  }

  /** A keyless reader, expecting any chain id, sees what the signing clients wrote. */
  private static void assertReadableWithoutAKey(
      long round, RegistryRound info, List<RegistryCommitment> commitments) {
    ChainConfig anyChain = ChainConfig.of(devnet.rpcUrl(), devnet.registryAddress(), 0);
    try (Web3jChainReader reader = Web3jChainReader.connect(anyChain)) {
      assertThat(reader.chainId()).isEqualTo(Devnet.CHAIN_ID);
      assertThat(reader.round(round)).contains(info);
      assertThat(reader.commitments(round)).isEqualTo(commitments);
    }
  }

  private static void awaitEvents(EventSubscription sub, long lastBlock) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (sub.nextBlock() <= lastBlock && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(sub.nextBlock()).isGreaterThan(lastBlock);
  }

  @Test
  void shouldNameTheCustomErrorAndItsArgumentsWhenTheContractReverts() {
    try (var carol = devnet.client(4)) {
      Instant now = carol.latestBlockTime();
      long round = carol.createRound(params(now, carol.account()));
      assertThatThrownBy(() -> carol.join(round))
          .isInstanceOfSatisfying(
              ChainRevertException.class,
              e -> {
                assertThat(e.errorName()).isEqualTo("InsufficientStake");
                assertThat(e.arguments())
                    .containsExactly(TOKEN.multiply(BigInteger.valueOf(100)).toString(), "0");
              })
          .hasMessageContaining("join round " + round);
      UpdateSigner signer = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
      SignedUpdate forged = signer.sign(devnet.account(0), round, BASE, 1, BASE);
      SignedUpdate claimed =
          new SignedUpdate(round, BASE, 1, BASE, carol.account(), forged.signature());
      assertThatThrownBy(() -> carol.commit(claimed))
          .isInstanceOfSatisfying(
              ChainRevertException.class, e -> assertThat(e.errorName()).isEqualTo("NotJoined"));
    }
  }

  @Test
  void shouldGiveConcurrentTransactionsConsecutiveNonces() throws Exception {
    try (var client = devnet.client(3)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          byte[] peerId = {1, (byte) i};
          futures.add(pool.submit(() -> client.registerPeer(peerId, List.of())));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long registrations =
          client.events(0, client.blockNumber()).stream()
              .filter(
                  e ->
                      e instanceof ChainEvent.PeerRegistered r
                          && r.account().equals(client.account()))
              .count();
      assertThat(registrations).isEqualTo(8);
    }
  }

  @Test
  void shouldRefuseAWrongChainIdOrAnAddressWithoutCode() {
    ChainConfig wrongChain = ChainConfig.of(devnet.rpcUrl(), devnet.registryAddress(), 1);
    assertThatThrownBy(() -> Web3jChainClient.connect(wrongChain, devnet.account(0)))
        .isInstanceOf(ChainConfigException.class)
        .hasMessageContaining("chain id 31337, expected 1");
    assertThatThrownBy(() -> Web3jChainReader.connect(wrongChain))
        .isInstanceOf(ChainConfigException.class)
        .hasMessageContaining("chain id 31337, expected 1");
    ChainConfig noCode =
        ChainConfig.of(devnet.rpcUrl(), EthAddress.of("0x" + "12".repeat(20)), 31337);
    assertThatThrownBy(() -> Web3jChainClient.connect(noCode, devnet.account(0)))
        .isInstanceOf(ChainConfigException.class)
        .hasMessageContaining("no contract at registry address");
  }

  @Test
  void shouldAgreeWithTheContractOnTheUpdateDigest() throws Exception {
    UpdateSigner signer = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
    Hash32 h = Hash32.of(Hash.sha3("x".getBytes()));
    Web3j web3j = Web3j.build(new HttpService(devnet.rpcUrl().toString()));
    try {
      var registry =
          D2oraRegistry.load(
              devnet.registryAddress().hex(),
              web3j,
              new ReadonlyTransactionManager(web3j, EthAddress.ZERO.hex()),
              new DefaultGasProvider());
      byte[] onChain =
          registry
              .updateDigest(BigInteger.valueOf(7), h.bytes(), BigInteger.valueOf(42), BASE.bytes())
              .send();
      assertThat(Hash32.of(onChain)).isEqualTo(signer.digest(7, h, 42, BASE));
      assertThat(Hash32.of(registry.domainSeparator().send())).isEqualTo(signer.domainSeparator());
    } finally {
      web3j.shutdown();
    }
  }
}
