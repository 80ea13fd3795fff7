package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.d2ora.core.store.ContentHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UpdateExchange} must show, run against each implementation (the
 * in-memory network here, libp2p in node/app). Subclasses start connected peers.
 */
public abstract class AbstractUpdateExchangeTest {
  protected static final RoundId ROUND = RoundId.of(7);
  private static final byte[] UPDATE = "an update file".getBytes(StandardCharsets.UTF_8);
  private static final ContentHash HASH = ContentHash.keccak256(UPDATE);

  /**
   * Starts {@code sources.size()} peers, connected to each other, the i-th serving from {@code
   * sources.get(i)}; returns once they can exchange announcements.
   */
  protected abstract List<UpdateExchange> startPeers(List<UpdateSource> sources);

  /** Stops the peers of the last {@link #startPeers}; called after each test. */
  protected void stopPeers() {}

  /** How long asynchronous delivery may take. */
  protected Duration timeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * Whether {@code fetch} checks answers against the hash itself, so bytes that do not match never
   * reach the caller (the port allows it; the libp2p exchange does).
   */
  protected boolean checksHashes() {
    return false;
  }

  @AfterEach
  void stop() {
    stopPeers();
  }

  private static UpdateSource serving(ContentHash hash, byte[] bytes) {
    return h -> h.equals(hash) ? Optional.of(bytes.clone()) : Optional.empty();
  }

  private static UpdateSource nothing() {
    return h -> Optional.empty();
  }

  private FetchedUpdate await(java.util.concurrent.CompletableFuture<FetchedUpdate> f)
      throws Exception {
    return f.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void shouldDeliverAnnouncementToOtherPeersWithPublisher() throws Exception {
    List<UpdateExchange> peers = startPeers(List.of(serving(HASH, UPDATE), nothing(), nothing()));
    Map<Integer, List<Object[]>> heard =
        Map.of(1, new CopyOnWriteArrayList<>(), 2, new CopyOnWriteArrayList<>());
    heard.forEach(
        (i, list) -> peers.get(i).subscribe((a, from) -> list.add(new Object[] {a, from})));
    UpdateAnnouncement a =
        new UpdateAnnouncement(ROUND, Address.parse("0x" + "ab".repeat(20)), HASH, UPDATE.length);

    peers.get(0).announce(a);

    eventually(() -> heard.values().stream().allMatch(l -> !l.isEmpty()));
    for (List<Object[]> list : heard.values()) {
      assertThat(list).hasSize(1);
      assertThat(list.get(0)).containsExactly(a, peers.get(0).self());
    }
  }

  @Test
  void shouldStopDeliveryWhenSubscriptionClosed() throws Exception {
    List<UpdateExchange> peers = startPeers(List.of(nothing(), nothing()));
    List<UpdateAnnouncement> closed = new CopyOnWriteArrayList<>();
    List<UpdateAnnouncement> open = new CopyOnWriteArrayList<>();
    peers.get(1).subscribe((a, from) -> closed.add(a)).close();
    peers.get(1).subscribe((a, from) -> open.add(a));

    peers
        .get(0)
        .announce(new UpdateAnnouncement(ROUND, Address.parse("0x" + "01".repeat(20)), HASH, 1));

    eventually(() -> !open.isEmpty());
    assertThat(open).hasSize(1);
    assertThat(closed).isEmpty();
  }

  @Test
  void shouldFetchBytesFromProvider() throws Exception {
    List<UpdateExchange> peers = startPeers(List.of(serving(HASH, UPDATE), nothing()));

    FetchedUpdate fetched = await(peers.get(1).fetch(HASH, List.of(peers.get(0).self()), 1024));

    assertThat(fetched.bytes()).isEqualTo(UPDATE);
    assertThat(fetched.from()).isEqualTo(peers.get(0).self());
  }

  @Test
  void shouldFetchFromAnyPeerWhenNoProviderGiven() throws Exception {
    List<UpdateExchange> peers = startPeers(List.of(nothing(), nothing(), serving(HASH, UPDATE)));

    FetchedUpdate fetched = await(peers.get(0).fetch(HASH, List.of(), 1024));

    assertThat(fetched.bytes()).isEqualTo(UPDATE);
    assertThat(fetched.from()).isEqualTo(peers.get(2).self());
  }

  @Test
  void shouldFailWithUpdateUnavailableWhenNoPeerHasIt() {
    List<UpdateExchange> peers = startPeers(List.of(nothing(), nothing()));

    assertThatThrownBy(() -> await(peers.get(0).fetch(HASH, List.of(peers.get(1).self()), 1024)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpdateUnavailableException.class);
  }

  @Test
  void shouldNotAcceptAnswerLargerThanMaxBytes() {
    List<UpdateExchange> peers = startPeers(List.of(serving(HASH, UPDATE), nothing()));

    assertThatThrownBy(
            () -> await(peers.get(1).fetch(HASH, List.of(peers.get(0).self()), UPDATE.length - 1)))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpdateUnavailableException.class);
  }

  @Test
  void shouldReturnUnverifiedBytesAndAvoidPeerPenalisedForThem() throws Exception {
    assumeFalse(checksHashes(), "this exchange never returns bytes that do not match");
    byte[] forged = "not the update".getBytes(StandardCharsets.UTF_8);
    List<UpdateExchange> peers =
        startPeers(List.of(serving(HASH, forged), nothing(), serving(HASH, UPDATE)));
    UpdateExchange me = peers.get(1);

    FetchedUpdate first = await(me.fetch(HASH, List.of(peers.get(0).self()), 1024));
    assertThat(first.bytes()).isEqualTo(forged);
    me.penalize(first.from(), Offence.HASH_MISMATCH, "served bytes that do not match");
    FetchedUpdate second = await(me.fetch(HASH, List.of(peers.get(0).self()), 1024));

    assertThat(first.from()).isEqualTo(peers.get(0).self());
    assertThat(second.bytes()).isEqualTo(UPDATE);
    assertThat(second.from()).isEqualTo(peers.get(2).self());
  }

  @Test
  void shouldSkipPeerServingOtherBytesAndNotAskItAgain() throws Exception {
    assumeTrue(checksHashes(), "this exchange returns bytes unverified");
    byte[] forged = "not the update".getBytes(StandardCharsets.UTF_8);
    AtomicInteger askedForger = new AtomicInteger();
    UpdateSource forger =
        h -> {
          askedForger.incrementAndGet();
          return Optional.of(forged.clone());
        };
    List<UpdateExchange> peers = startPeers(List.of(forger, nothing(), serving(HASH, UPDATE)));
    UpdateExchange me = peers.get(1);

    FetchedUpdate first = await(me.fetch(HASH, List.of(peers.get(0).self()), 1024));
    FetchedUpdate second = await(me.fetch(HASH, List.of(peers.get(0).self()), 1024));

    assertThat(first.bytes()).isEqualTo(UPDATE);
    assertThat(first.from()).isEqualTo(peers.get(2).self());
    assertThat(second.from()).isEqualTo(peers.get(2).self());
    assertThat(askedForger).hasValue(1);
  }

  @Test
  void shouldIgnorePenaltyForUnknownPeer() {
    List<UpdateExchange> peers = startPeers(List.of(nothing()));

    peers.get(0).penalize(new PeerRef("unknown-peer"), Offence.FORGED_ANNOUNCEMENT, "test");

    assertThat(peers.get(0).self()).isNotNull();
  }
}
