package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.store.ContentHash;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoundLedger} must show, run against each implementation (the in-memory
 * chain here, the web3j one in node/app). Subclasses provide a {@link RoundLedgerTestbed}.
 */
public abstract class AbstractRoundLedgerTest {
  private static final Duration JOIN = Duration.ofSeconds(60);
  private static final Duration COMMIT = Duration.ofSeconds(120);
  private static final Duration FINALIZE = Duration.ofSeconds(300);

  protected static final ContentHash BASE = hash(0xba);
  protected static final ContentHash CONFIG = hash(0xc0);

  private RoundLedgerTestbed bed;

  /** A fresh testbed; one per test. */
  protected abstract RoundLedgerTestbed newTestbed();

  /** How long to wait for an asynchronously delivered event. */
  protected Duration eventTimeout() {
    return Duration.ofSeconds(10);
  }

  @BeforeEach
  void startTestbed() {
    bed = newTestbed();
  }

  @AfterEach
  void closeTestbed() {
    bed.close();
  }

  protected static ContentHash hash(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return ContentHash.of(b);
  }

  private RoundId newRound() {
    return bed.createRound(BASE, CONFIG, JOIN, COMMIT, FINALIZE, 0);
  }

  private RoundLedger peer(int i) {
    return bed.peer(i);
  }

  @Test
  void shouldReportCreatedRound() {
    long before = peer(0).now().timestamp();
    RoundId id = newRound();

    RoundInfo info = peer(1).round(id).orElseThrow();

    assertThat(info.id()).isEqualTo(id);
    assertThat(info.baseModelHash()).isEqualTo(BASE);
    assertThat(info.configHash()).isEqualTo(CONFIG);
    assertThat(info.aggregator()).isEqualTo(peer(0).self());
    assertThat(info.minStake()).isEqualTo(bed.minStake());
    assertThat(info.participantCap()).isEqualTo(3);
    assertThat(info.joinDeadline()).isBetween(before + 60, before + 60 + 30);
    assertThat(info.commitDeadline() - info.joinDeadline()).isEqualTo(60);
    assertThat(info.finalizeDeadline() - info.commitDeadline()).isEqualTo(180);
    assertThat(info.phase()).isEqualTo(RoundPhase.JOINING);
  }

  @Test
  void shouldReturnEmptyWhenRoundDoesNotExist() {
    assertThat(peer(0).round(RoundId.of(999_999))).isEmpty();
  }

  @Test
  void shouldListParticipantWithStakeAfterJoin() {
    RoundId id = newRound();

    LedgerReceipt receipt = peer(1).join(id);

    assertThat(receipt.blockNumber()).isPositive();
    assertThat(peer(0).participants(id))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.address()).isEqualTo(peer(1).self());
              assertThat(p.stake()).isGreaterThanOrEqualTo(bed.minStake());
            });
  }

  @Test
  void shouldRejectSecondJoin() {
    RoundId id = newRound();
    peer(1).join(id);

    assertThatThrownBy(() -> peer(1).join(id)).isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldRejectJoinAfterJoinDeadline() {
    RoundId id = newRound();
    bed.advanceTime(JOIN.plusSeconds(5));

    assertThatThrownBy(() -> peer(1).join(id)).isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).participants(id)).isEmpty();
  }

  @Test
  void shouldRecordCommitmentOnTime() {
    RoundId id = newRound();
    peer(1).join(id);

    LedgerReceipt receipt = peer(1).commit(id, hash(1), 250);

    Commitment c = peer(2).commitment(id, peer(1).self()).orElseThrow();
    assertThat(c.signer()).isEqualTo(peer(1).self());
    assertThat(c.updateHash()).isEqualTo(hash(1));
    assertThat(c.numSamples()).isEqualTo(250);
    assertThat(c.blockNumber()).isEqualTo(receipt.blockNumber());
    assertThat(c.onTime()).isTrue();
    assertThat(c.blockTimestamp())
        .isLessThanOrEqualTo(peer(0).round(id).orElseThrow().commitDeadline());
    assertThat(peer(2).commitments(id)).containsExactly(c);
  }

  @Test
  void shouldListCommitmentsInSignerOrder() {
    RoundId id = newRound();
    for (int i = 2; i >= 0; i--) {
      peer(i).join(id);
      peer(i).commit(id, hash(10 + i), 100 + i);
    }

    List<Address> signers = peer(0).commitments(id).stream().map(Commitment::signer).toList();

    assertThat(signers).hasSize(3).isSorted();
  }

  @Test
  void shouldRejectSecondCommitFromSameSigner() {
    RoundId id = newRound();
    peer(1).join(id);
    peer(1).commit(id, hash(1), 10);

    assertThatThrownBy(() -> peer(1).commit(id, hash(2), 10))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).commitment(id, peer(1).self()).orElseThrow().updateHash())
        .isEqualTo(hash(1));
  }

  @Test
  void shouldRejectCommitFromNonParticipant() {
    RoundId id = newRound();

    assertThatThrownBy(() -> peer(2).commit(id, hash(1), 10))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).commitments(id)).isEmpty();
  }

  @Test
  void shouldNeverReportLateCommitAsOnTime() {
    RoundId id = newRound();
    peer(1).join(id);
    bed.advanceTime(COMMIT.plusSeconds(5));

    try {
      peer(1).commit(id, hash(1), 10);
    } catch (LedgerRejectedException expected) {
      // The registry contract reverts late commits; the in-memory chain records them as late.
    }

    assertThat(peer(0).commitment(id, peer(1).self()).map(Commitment::onTime))
        .isIn(Optional.empty(), Optional.of(false));
  }

  @Test
  void shouldFinalizeByAggregatorAfterCommitDeadline() {
    RoundId id = newRound();
    for (int i = 0; i < 2; i++) {
      peer(i).join(id);
      peer(i).commit(id, hash(1 + i), 10);
    }
    bed.advanceTime(COMMIT.plusSeconds(5));

    LedgerReceipt receipt =
        peer(0).finalizeRound(id, hash(0xa), List.of(peer(1).self(), peer(0).self()));

    Finalization f = peer(2).finalization(id).orElseThrow();
    assertThat(f.aggregateHash()).isEqualTo(hash(0xa));
    assertThat(f.included()).containsExactlyInAnyOrder(peer(0).self(), peer(1).self()).isSorted();
    assertThat(f.finalizer()).isEqualTo(peer(0).self());
    assertThat(f.blockNumber()).isEqualTo(receipt.blockNumber());
    assertThat(peer(2).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.FINALIZED);
  }

  @Test
  void shouldRejectFinalizeBeforeCommitDeadline() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(0).commit(id, hash(1), 10);

    assertThatThrownBy(() -> peer(0).finalizeRound(id, hash(0xa), List.of(peer(0).self())))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).finalization(id)).isEmpty();
  }

  @Test
  void shouldRejectFinalizeByNonAggregator() {
    RoundId id = newRound();
    peer(1).join(id);
    peer(1).commit(id, hash(1), 10);
    bed.advanceTime(COMMIT.plusSeconds(5));

    assertThatThrownBy(() -> peer(1).finalizeRound(id, hash(0xa), List.of(peer(1).self())))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldRejectFinalizeIncludingSignerWithoutCommitment() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(1).join(id);
    peer(0).commit(id, hash(1), 10);
    bed.advanceTime(COMMIT.plusSeconds(5));

    assertThatThrownBy(
            () -> peer(0).finalizeRound(id, hash(0xa), List.of(peer(0).self(), peer(1).self())))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldRejectSecondFinalization() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(0).commit(id, hash(1), 10);
    bed.advanceTime(COMMIT.plusSeconds(5));
    peer(0).finalizeRound(id, hash(0xa), List.of(peer(0).self()));

    assertThatThrownBy(() -> peer(0).finalizeRound(id, hash(0xb), List.of(peer(0).self())))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(1).finalization(id).orElseThrow().aggregateHash()).isEqualTo(hash(0xa));
  }

  @Test
  void shouldRecordDisputeByParticipant() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(1).join(id);
    peer(0).commit(id, hash(1), 10);
    peer(1).commit(id, hash(2), 20);
    bed.advanceTime(COMMIT.plusSeconds(5));
    peer(0).finalizeRound(id, hash(0xa), List.of(peer(0).self(), peer(1).self()));

    LedgerReceipt receipt = peer(1).dispute(id, hash(0xd));

    assertThat(peer(2).disputes(id))
        .containsExactly(new Dispute(peer(1).self(), hash(0xd), receipt.blockNumber()));
  }

  @Test
  void shouldRejectDisputeByParticipantThatNeverCommitted() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(1).join(id);
    peer(0).commit(id, hash(1), 10);
    bed.advanceTime(COMMIT.plusSeconds(5));
    peer(0).finalizeRound(id, hash(0xa), List.of(peer(0).self()));

    assertThatThrownBy(() -> peer(1).dispute(id, hash(0xd)))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldRejectDisputeBeforeFinalization() {
    RoundId id = newRound();
    peer(1).join(id);

    assertThatThrownBy(() -> peer(1).dispute(id, hash(0xd)))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldAdvanceChainTimeWithWrites() {
    RoundId id = newRound();
    ChainTime before = peer(0).now();

    LedgerReceipt receipt = peer(1).join(id);

    ChainTime after = peer(0).now();
    assertThat(after.blockNumber()).isGreaterThanOrEqualTo(receipt.blockNumber());
    assertThat(receipt.blockNumber()).isGreaterThan(before.blockNumber());
    assertThat(after.timestamp()).isGreaterThanOrEqualTo(before.timestamp());
  }

  @Test
  void shouldNotifySubscriberOfCommit() throws InterruptedException {
    RoundId id = newRound();
    List<RoundEvent> events = new CopyOnWriteArrayList<>();
    Subscription subscription = peer(0).subscribe(events::add);
    try {
      peer(1).join(id);
      LedgerReceipt receipt = peer(1).commit(id, hash(1), 10);

      RoundEvent expected =
          new RoundEvent(RoundEvent.Kind.COMMITTED, id, peer(1).self(), receipt.blockNumber());
      long deadline = System.nanoTime() + eventTimeout().toNanos();
      while (!events.contains(expected) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(events).contains(expected);
      assertThat(events.stream().map(RoundEvent::kind).filter(k -> k == RoundEvent.Kind.JOINED))
          .hasSize(1);
    } finally {
      subscription.close();
    }
  }

  @Test
  void shouldReportOnlyOwnCommitmentForSigner() {
    RoundId id = newRound();
    peer(1).join(id);
    peer(1).commit(id, hash(1), 10);

    assertThat(peer(1).commitment(id, peer(2).self())).isEqualTo(Optional.empty());
  }
}
