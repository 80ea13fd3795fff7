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
import io.d2ora.chain.IncludedSet;
import io.d2ora.chain.PeerProof;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RegistrySnapshot;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedAttestation;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.signing.AttestationSigner;
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
 * The client against a real Hardhat node: a whole round to settlement by quorum, what the views
 * report about it (facts of the round's own blocks, pinned snapshots), events, reverts by name,
 * nonces, digests, connect checks.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class Web3jChainClientIT {
  private static final BigInteger TOKEN = BigInteger.TEN.pow(18);
  private static final BigInteger MIN_STAKE = TOKEN.multiply(BigInteger.valueOf(100));
  private static final BigInteger POOL = TOKEN.multiply(BigInteger.valueOf(30));
  private static final Hash32 BASE = Hash32.of(Hash.sha3("base".getBytes()));
  private static final byte[] PROOF = new byte[64];
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

  static RoundParams params(Instant now, EthAddress aggregator, long sampleCap) {
    return new RoundParams(
        BASE,
        Hash32.of(Hash.sha3("config".getBytes())),
        now.plusSeconds(100),
        now.plusSeconds(200),
        now.plusSeconds(300),
        MIN_STAKE,
        4,
        sampleCap,
        RoundParams.DEFAULT_QUORUM,
        POOL,
        aggregator);
  }

  @Test
  void shouldRunARoundToSettlementByQuorumAndReportItsOwnBlocks() {
    try (var creator = devnet.client(0);
        var alice = devnet.client(1);
        var bob = devnet.client(2);
        var aggregator = devnet.client(3)) {
      long start = creator.blockNumber();
      List<ChainEvent> seen = new CopyOnWriteArrayList<>();
      try (EventSubscription sub = creator.subscribe(start, seen::add)) {
        alice.registerPeer(new byte[] {0, 36, 8, 1}, List.of("/ip4/127.0.0.1/tcp/4001"), PROOF);
        alice.stake(MIN_STAKE);
        bob.stake(TOKEN.multiply(BigInteger.valueOf(150)));
        long round =
            creator.createRound(params(creator.latestBlockTime(), aggregator.account(), 1000));
        alice.join(round);
        bob.join(round);
        assertThat(creator.phase(round)).isEqualTo(RegistryRound.Phase.JOINING);
        assertThat(creator.stakeOf(bob.account()).reserved()).isEqualTo(MIN_STAKE);
        assertThat(creator.stakeOf(bob.account()).free())
            .isEqualTo(TOKEN.multiply(BigInteger.valueOf(50)));
        assertThat(creator.reservations(bob.account()))
            .extracting(r -> r.roundId(), r -> r.amount())
            .containsExactly(tuple(round, MIN_STAKE));

        UpdateSigner signer = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
        Hash32 h1 = Hash32.of(Hash.sha3("update a".getBytes()));
        Hash32 h2 = Hash32.of(Hash.sha3("update b".getBytes()));
        creator.commit(signer.sign(devnet.account(1), round, h1, 100, BASE)); // a relayer
        bob.commit(signer.sign(devnet.account(2), round, h2, 300, BASE));
        List<RegistryCommitment> commitments = creator.commitments(round);
        assertThat(commitments)
            .extracting(c -> c.signer(), c -> c.updateHash(), c -> c.numSamples())
            .containsExactly(
                tuple(alice.account(), h1, BigInteger.valueOf(100)),
                tuple(bob.account(), h2, BigInteger.valueOf(300)));
        for (RegistryCommitment c : commitments) {
          assertThat(c.blockTime()).isEqualTo(creator.at(c.blockNumber()).block().time());
        }

        devnet.increaseTime(Duration.ofSeconds(200));
        Hash32 aggregate = Hash32.of(Hash.sha3("aggregate".getBytes()));
        int index = aggregator.propose(round, aggregate, List.of(bob.account(), alice.account()));
        assertThat(index).isEqualTo(1);
        AttestationSigner attestations =
            new AttestationSigner(devnet.chainId(), devnet.registryAddress());
        List<EthAddress> included = List.of(alice.account(), bob.account());
        creator.attest(attestations.sign(devnet.account(1), round, aggregate, included));
        long beforeQuorum = creator.blockNumber();
        bob.attest(attestations.sign(devnet.account(2), round, aggregate, included));
        assertThat(creator.phase(round)).isEqualTo(RegistryRound.Phase.FINALIZED);

        RegistryProposal winner = creator.proposals(round).getFirst();
        assertThat(winner.reachedQuorum()).isTrue();
        assertThat(winner.quorum()).isEqualTo(2);
        assertThat(winner.proposer()).isEqualTo(aggregator.account());
        assertThat(winner.included()).isEqualTo(IncludedSet.ascending(included));
        assertThat(winner.includedSetHash()).isEqualTo(IncludedSet.hash(included));
        assertThat(winner.attesters()).containsExactly(alice.account(), bob.account());
        assertThat(winner.includedSamples()).isEqualTo(BigInteger.valueOf(400));
        assertThat(creator.proposalIndex(round, aggregate, IncludedSet.hash(included))).hasValue(1);

        creator.settle(round); // everyone counted attested: no need to wait for the deadline
        RegistryRound info = creator.round(round).orElseThrow();
        assertThat(info.status()).isEqualTo(RegistryRound.Status.SETTLED);
        assertThat(info.aggregateHash()).isEqualTo(aggregate);
        assertThat(info.finalizedProposal()).isEqualTo(1);
        assertThat(info.finalizedBlock()).isEqualTo(winner.quorumBlock());
        assertThat(creator.stakeOf(alice.account()).staked())
            .isEqualTo(MIN_STAKE.add(POOL.divide(BigInteger.valueOf(4))));
        assertThat(creator.stakeOf(alice.account()).reserved()).isZero();
        assertThat(creator.reservations(alice.account())).isEmpty();

        RegistrySnapshot before = creator.at(beforeQuorum);
        assertThat(before.round(round).orElseThrow().status()).isEqualTo(RegistryRound.Status.OPEN);
        assertThat(before.proposals(round).getFirst().attesters()).containsExactly(alice.account());
        assertThat(before.stakeOf(alice.account()).reserved()).isEqualTo(MIN_STAKE);

        alice.unstake(creator.stakeOf(alice.account()).free());
        RegistryParticipant p = creator.participant(round, alice.account()).orElseThrow();
        assertThat(p.reservedStake()).isEqualTo(MIN_STAKE);
        assertThat(p.released()).isTrue();
        assertThat(p.attestedProposal()).isEqualTo(1);
        assertThat(p.commitTime()).isEqualTo(commitments.getFirst().blockTime());
        assertThat(p.joinTime()).isEqualTo(creator.at(p.joinBlock()).block().time());
        assertThat(creator.peer(alice.account()).orElseThrow().multiaddrs())
            .containsExactly("/ip4/127.0.0.1/tcp/4001");
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
                "AggregateProposed",
                "Attested",
                "Attested",
                "RoundFinalized",
                "RewardPaid",
                "RewardPaid",
                "RoundSettled",
                "UnstakeRequested");
        assertThat(seen).isEqualTo(creator.events(start, end));
      }
    }
  }

  /**
   * A round of 49 participants needs 98 seat visits, over the registry's 96 a call: {@code settle}
   * sends two transactions and returns once the round is closed, everyone paid and released.
   */
  @Test
  void shouldSettleARoundTooLargeForOneTransactionInSeveral() throws Exception {
    int n = 49;
    // Not account 0: fundedAccount() mints from it, with nonces this client would not know of.
    try (var creator = devnet.client(4);
        var aggregator = devnet.client(3)) {
      Instant now = creator.latestBlockTime();
      long round =
          creator.createRound(
              new RoundParams(
                  BASE,
                  Hash32.of(Hash.sha3("config".getBytes())),
                  now.plusSeconds(1000),
                  now.plusSeconds(2000),
                  now.plusSeconds(3000),
                  MIN_STAKE,
                  n,
                  1000,
                  RoundParams.DEFAULT_QUORUM,
                  POOL,
                  aggregator.account()));
      UpdateSigner updates = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
      List<io.d2ora.chain.signing.ChainKey> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        io.d2ora.chain.signing.ChainKey key = devnet.fundedAccount();
        try (var participant = devnet.client(key)) {
          participant.stake(MIN_STAKE);
          participant.join(round);
        }
        creator.commit(
            updates.sign(key, round, Hash32.of(Hash.sha3(("u" + i).getBytes())), 10, BASE));
        keys.add(key);
      }
      devnet.increaseTime(Duration.ofSeconds(2000));
      Hash32 aggregate = Hash32.of(Hash.sha3("aggregate".getBytes()));
      List<EthAddress> included = keys.stream().map(k -> k.address()).toList();
      aggregator.propose(round, aggregate, included);
      AttestationSigner attestations =
          new AttestationSigner(devnet.chainId(), devnet.registryAddress());
      for (var key : keys) {
        creator.attest(attestations.sign(key, round, aggregate, included));
      }

      long before = creator.blockNumber();
      creator.settle(round);

      assertThat(creator.blockNumber() - before).as("settle transactions").isEqualTo(2);
      assertThat(creator.round(round).orElseThrow().status())
          .isEqualTo(RegistryRound.Status.SETTLED);
      for (var key : keys) {
        assertThat(creator.stakeOf(key.address()).reserved()).isZero();
        assertThat(creator.stakeOf(key.address()).staked())
            .isEqualTo(MIN_STAKE.add(POOL.divide(BigInteger.valueOf(n))));
      }
      assertThatThrownBy(() -> creator.settle(round))
          .isInstanceOfSatisfying(
              ChainRevertException.class,
              e -> assertThat(e.errorName()).isEqualTo("AlreadySettled"));
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
      assertThat(reader.limits().defaultQuorumBps()).isEqualTo(6666);
      assertThat(reader.limits().maxSampleCap()).isEqualTo(1_000_000_000L);
    }
  }

  static void awaitEvents(EventSubscription sub, long lastBlock) {
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
      long round = carol.createRound(params(now, carol.account(), 1000));
      assertThatThrownBy(() -> carol.join(round))
          .isInstanceOfSatisfying(
              ChainRevertException.class,
              e -> {
                assertThat(e.errorName()).isEqualTo("InsufficientStake");
                assertThat(e.arguments()).containsExactly(MIN_STAKE.toString(), "0");
              })
          .hasMessageContaining("join round " + round);
      UpdateSigner signer = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
      SignedUpdate forged = signer.sign(devnet.account(0), round, BASE, 1, BASE);
      SignedUpdate claimed =
          new SignedUpdate(round, BASE, 1, BASE, carol.account(), forged.signature());
      assertThatThrownBy(() -> carol.commit(claimed))
          .isInstanceOfSatisfying(
              ChainRevertException.class, e -> assertThat(e.errorName()).isEqualTo("NotJoined"));
      assertThatThrownBy(() -> carol.createRound(params(now, carol.account(), 2_000_000_000L)))
          .isInstanceOfSatisfying(
              ChainRevertException.class,
              e -> {
                assertThat(e.errorName()).isEqualTo("InvalidSampleCap");
                assertThat(e.arguments()).containsExactly("2000000000", "1000000000");
              });
    }
  }

  @Test
  void shouldSlashAnAttesterWhoSignedTwoDifferentAggregates() {
    try (var creator = devnet.client(0);
        var dave = devnet.client(3);
        var erin = devnet.client(4)) {
      dave.stake(MIN_STAKE);
      erin.stake(MIN_STAKE);
      long round = creator.createRound(params(creator.latestBlockTime(), creator.account(), 1000));
      dave.join(round);
      erin.join(round);
      UpdateSigner updates = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
      dave.commit(updates.sign(devnet.account(3), round, BASE, 10, BASE));
      erin.commit(updates.sign(devnet.account(4), round, BASE, 10, BASE));
      devnet.increaseTime(Duration.ofSeconds(200));
      List<EthAddress> both = List.of(dave.account(), erin.account());
      Hash32 one = Hash32.keccak256("one".getBytes());
      Hash32 two = Hash32.keccak256("two".getBytes());
      creator.propose(round, one, both);
      AttestationSigner signer = new AttestationSigner(devnet.chainId(), devnet.registryAddress());
      SignedAttestation a = signer.sign(devnet.account(3), round, one, both);
      SignedAttestation b = signer.sign(devnet.account(3), round, two, both);
      dave.attest(a);
      creator.slashAttestationEquivocation(a, b);
      assertThat(creator.participant(round, dave.account()).orElseThrow().slashed()).isTrue();
      assertThat(creator.events(creator.blockNumber(), creator.blockNumber()))
          .filteredOn(e -> e instanceof ChainEvent.Slashed)
          .singleElement()
          .satisfies(
              e -> {
                var s = (ChainEvent.Slashed) e;
                assertThat(s.offense()).isEqualTo(ChainEvent.Offense.ATTESTATION_EQUIVOCATION);
                assertThat(s.offender()).isEqualTo(dave.account());
                assertThat(s.reporter()).isEqualTo(creator.account());
              });
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
          futures.add(pool.submit(() -> client.registerPeer(peerId, List.of(), PROOF)));
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
  void shouldAgreeWithTheContractOnDigestsIncludedSetsAndThePeerProofMessage() throws Exception {
    UpdateSigner updates = new UpdateSigner(devnet.chainId(), devnet.registryAddress());
    AttestationSigner attestations =
        new AttestationSigner(devnet.chainId(), devnet.registryAddress());
    Hash32 h = Hash32.of(Hash.sha3("x".getBytes()));
    List<EthAddress> set = List.of(devnet.account(2).address(), devnet.account(1).address());
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
      assertThat(Hash32.of(onChain)).isEqualTo(updates.digest(7, h, 42, BASE));
      assertThat(Hash32.of(registry.domainSeparator().send())).isEqualTo(updates.domainSeparator());
      List<String> ascending = IncludedSet.ascending(set).stream().map(EthAddress::hex).toList();
      Hash32 setHash = Hash32.of(registry.hashIncludedSet(ascending).send());
      assertThat(setHash).isEqualTo(IncludedSet.hash(set));
      assertThat(
              Hash32.of(
                  registry
                      .attestationDigest(BigInteger.valueOf(7), h.bytes(), setHash.bytes())
                      .send()))
          .isEqualTo(attestations.digest(7, h, setHash));
      EthAddress account = devnet.account(1).address();
      assertThat(registry.peerProofMessage(account.hex()).send())
          .isEqualTo(PeerProof.message(devnet.chainId(), devnet.registryAddress(), account));
    } finally {
      web3j.shutdown();
    }
  }
}
