package io.d2ora.app.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.exchange.PeerStack.ParticipantPeer;
import io.d2ora.app.ledger.ChainDirectory.PeerRecord;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ExchangeUnavailableException;
import io.d2ora.core.round.InMemoryChain;
import io.d2ora.core.round.ManualClock;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.rpc.ContentExchange;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two peer stacks on loopback; the round's participants come from an in-memory ledger. */
class PeerStackIT {
  private static final Address ALICE = Address.parse("0x" + "a1".repeat(20));
  private static final Address BOB = Address.parse("0x" + "b2".repeat(20));
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final InMemoryChain chain = new InMemoryChain(new ManualClock(Instant.ofEpochSecond(0)));
  private final Map<Address, PeerRecord> registry = new ConcurrentHashMap<>();
  private final List<PeerStack> stacks = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    stacks.forEach(PeerStack::close);
  }

  private PeerStack start() {
    PeerStack s =
        PeerStack.start(
            P2PConfig.builder(PrivateKey.generateEd25519())
                .listenAddress("/ip4/127.0.0.1/tcp/0")
                .build(),
            List.of());
    stacks.add(s);
    return s;
  }

  private void register(Address account, PeerStack stack) {
    registry.put(
        account,
        new PeerRecord(
            stack.network().localPeerId().bytes(),
            stack.network().listenAddresses().stream().map(Object::toString).toList()));
  }

  private Optional<PeerRecord> registered(Address account) {
    return Optional.ofNullable(registry.get(account));
  }

  private RoundId roundWith(Address... members) {
    ContentHash zero = ContentHash.of(new byte[32]);
    RoundId round =
        chain.createRound(
            new InMemoryChain.RoundSpec(zero, zero, 100, 200, 300, BigInteger.ONE, 10, ALICE));
    for (Address a : members) {
      chain.stake(a, BigInteger.TEN);
      chain.ledgerFor(a).join(round);
    }
    return round;
  }

  @Test
  void shouldConnectToTheRegisteredPeersOfARoundsParticipants() throws Exception {
    PeerStack alice = start();
    PeerStack bob = start();
    register(ALICE, alice);
    register(BOB, bob);
    RoundId round = roundWith(ALICE, BOB);
    RoundLedger ledger = chain.ledgerFor(ALICE);

    List<ParticipantPeer> learnt = alice.dialParticipants(round, ledger, this::registered);

    assertThat(learnt).extracting(ParticipantPeer::account).containsExactly(BOB);
    assertThat(alice.awaitDialled(WAIT)).isTrue();
    assertThat(alice.network().connectedPeers()).contains(bob.network().localPeerId());
    assertThat(alice.dialParticipants(round, ledger, this::registered)).isEmpty();
  }

  @Test
  void shouldDialAgainWhenAParticipantRegistersANewPeer() throws Exception {
    PeerStack alice = start();
    PeerStack first = start();
    register(BOB, first);
    RoundId round = roundWith(ALICE, BOB);
    List<ParticipantPeer> heard = new CopyOnWriteArrayList<>();

    try (PeerStack.Following following =
        alice.followParticipants(
            round, chain.ledgerFor(ALICE), this::registered, Duration.ofMillis(50), heard::add)) {
      awaitSize(heard, 1);
      PeerStack second = start();
      register(BOB, second);
      awaitSize(heard, 2);
      assertThat(alice.awaitDialled(WAIT)).isTrue();
      assertThat(alice.network().connectedPeers()).contains(second.network().localPeerId());
    }
    assertThat(heard.get(1).peer()).isNotEqualTo(heard.get(0).peer());
  }

  @Test
  void shouldStopEverythingOnceWhenClosedTwice() {
    PeerStack alice = start();
    P2PUpdateExchange exchange = alice.startExchange(1, h -> Optional.empty(), PeerBinding.NONE);
    assertThat(alice.network().protocols()).contains(ContentExchange.PROTOCOL_ID);

    alice.close();
    alice.close();

    assertThat(alice.network().protocols()).doesNotContain(ContentExchange.PROTOCOL_ID);
    assertThat(exchange.fetch(ContentHash.of(new byte[32]), List.of(), 1))
        .failsWithin(WAIT)
        .withThrowableThat()
        .withCauseInstanceOf(ExchangeUnavailableException.class);
    assertThatThrownBy(() -> alice.startExchange(1, h -> Optional.empty(), PeerBinding.NONE))
        .isInstanceOf(IllegalStateException.class);
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(list).hasSizeGreaterThanOrEqualTo(size);
  }
}
