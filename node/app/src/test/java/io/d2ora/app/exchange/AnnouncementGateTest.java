package io.d2ora.app.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.pubsub.MessageId;
import io.d2ora.p2p.pubsub.PubSubMessage;
import io.d2ora.p2p.pubsub.ValidationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The announcement gate's bounds, driven directly with gossip messages and a manual clock. */
class AnnouncementGateTest {
  private final PeerId relay = PrivateKey.generateEd25519().peerId();
  private final AtomicLong nanos = new AtomicLong();
  private final Map<PeerId, String> reported = new ConcurrentHashMap<>();
  private final AtomicLong reads = new AtomicLong();
  private final CountDownLatch chainAnswers = new CountDownLatch(1);
  private final Map<Address, PeerId> registrations = new ConcurrentHashMap<>();
  private long seqno;
  private final AnnouncementGate gate =
      new AnnouncementGate(
          account -> {
            reads.incrementAndGet();
            await(chainAnswers);
            return Optional.ofNullable(registrations.get(account)).map(PeerId::bytes);
          },
          reported::put,
          nanos::get);

  @AfterEach
  void close() {
    chainAnswers.countDown();
    gate.close();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Address signer(int i) {
    return Address.parse(String.format("0x%040x", i));
  }

  private CompletionStage<ValidationResult> judge(int round, Address signer, PeerId author) {
    return judge(round, signer, author, relay);
  }

  private CompletionStage<ValidationResult> judge(
      int round, Address signer, PeerId author, PeerId forwarder) {
    UpdateAnnouncement a =
        new UpdateAnnouncement(RoundId.of(round), signer, ContentHash.of(new byte[32]), 1);
    PubSubMessage m =
        new PubSubMessage(
            "t",
            AnnouncementCodec.encode(a),
            author,
            ++seqno,
            new MessageId(new byte[] {(byte) seqno}),
            forwarder);
    return gate.judge(a, m);
  }

  private static ValidationResult verdict(CompletionStage<ValidationResult> stage)
      throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldReadTheChainOncePerRoundAndSigner() throws Exception {
    PeerId author = PrivateKey.generateEd25519().peerId();
    registrations.put(signer(1), author);
    chainAnswers.countDown();

    assertThat(verdict(judge(1, signer(1), author))).isEqualTo(ValidationResult.ACCEPT);
    assertThat(verdict(judge(1, signer(1), author))).isEqualTo(ValidationResult.ACCEPT);
    assertThat(verdict(judge(2, signer(1), author))).isEqualTo(ValidationResult.ACCEPT);
    nanos.addAndGet(AnnouncementGate.CACHE_TTL.toNanos());
    assertThat(verdict(judge(1, signer(1), author))).isEqualTo(ValidationResult.ACCEPT);

    assertThat(reads).hasValue(3);
  }

  @Test
  void shouldDropAnAuthorBeyondItsAllowanceAndReportItOncePerWindow() throws Exception {
    PeerId author = PrivateKey.generateEd25519().peerId();
    registrations.put(signer(1), author);
    chainAnswers.countDown();
    List<ValidationResult> verdicts = new ArrayList<>();

    for (int i = 0; i < 100; i++) {
      verdicts.add(verdict(judge(1, signer(1), author)));
    }

    assertThat(verdicts.subList(0, AnnouncementGate.MAX_PER_AUTHOR))
        .containsOnly(ValidationResult.ACCEPT);
    assertThat(verdicts.subList(AnnouncementGate.MAX_PER_AUTHOR, 100))
        .containsOnly(ValidationResult.IGNORE);
    assertThat(reported).containsOnlyKeys(author);
    nanos.addAndGet(AnnouncementGate.WINDOW.plus(Duration.ofSeconds(1)).toNanos());
    assertThat(verdict(judge(1, signer(1), author))).isEqualTo(ValidationResult.ACCEPT);
  }

  @Test
  void shouldBoundTheChecksAManyAuthorFloodQueuesWhileTheChainIsSlow() throws Exception {
    List<CompletionStage<ValidationResult>> stages = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      stages.add(judge(1, signer(i + 1), PrivateKey.generateEd25519().peerId()));
    }
    long queuedWhileBlocked =
        stages.stream().filter(s -> !s.toCompletableFuture().isDone()).count();
    chainAnswers.countDown();

    assertThat(queuedWhileBlocked).isLessThanOrEqualTo(AnnouncementGate.MAX_PENDING_PER_FORWARDER);
    assertThat(gate.dropped()).isGreaterThanOrEqualTo(2000 - queuedWhileBlocked);
    for (CompletionStage<ValidationResult> s : stages) {
      assertThat(verdict(s)).isEqualTo(ValidationResult.IGNORE);
    }
    assertThat(reads.get()).isLessThanOrEqualTo(AnnouncementGate.MAX_PENDING_PER_FORWARDER);
  }

  @Test
  void shouldBoundTheCheckQueueWhenManyNeighboursForwardAFlood() throws Exception {
    List<PeerId> relays = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      relays.add(PrivateKey.generateEd25519().peerId());
    }
    List<CompletionStage<ValidationResult>> stages = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      PeerId author = PrivateKey.generateEd25519().peerId();
      stages.add(judge(1, signer(i + 1), author, relays.get(i % relays.size())));
    }
    long waiting = stages.stream().filter(s -> !s.toCompletableFuture().isDone()).count();
    chainAnswers.countDown();

    assertThat(gate.queuedHighWater()).isLessThanOrEqualTo(AnnouncementGate.MAX_QUEUED_CHECKS);
    assertThat(waiting).isLessThanOrEqualTo(AnnouncementGate.MAX_QUEUED_CHECKS + 1);
    for (CompletionStage<ValidationResult> s : stages) {
      assertThat(verdict(s)).isEqualTo(ValidationResult.IGNORE);
    }
  }

  @Test
  void shouldRejectOnlyAFreshlyReadMismatch() throws Exception {
    PeerId registered = PrivateKey.generateEd25519().peerId();
    PeerId forger = PrivateKey.generateEd25519().peerId();
    registrations.put(signer(1), registered);
    chainAnswers.countDown();

    assertThat(verdict(judge(1, signer(1), forger))).isEqualTo(ValidationResult.REJECT);
    assertThat(verdict(judge(1, signer(1), forger))).isEqualTo(ValidationResult.IGNORE);
    assertThat(verdict(judge(1, signer(1), registered))).isEqualTo(ValidationResult.ACCEPT);
    assertThat(verdict(judge(1, signer(2), forger))).isEqualTo(ValidationResult.IGNORE);
  }
}
