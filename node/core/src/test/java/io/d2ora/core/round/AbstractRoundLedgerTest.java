package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    Arrays.fill(b, (byte) fill);
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
    assertThat(info.quorumBps()).isEqualTo(6_666);
    assertThat(info.sampleCap()).isPositive();
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
              assertThat(p.reservedStake()).isEqualTo(bed.minStake());
              assertThat(p.joinBlock()).isEqualTo(receipt.blockNumber());
              assertThat(p.joinTime()).isPositive();
              assertThat(p.slashed()).isFalse();
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
    long before = peer(0).now().timestamp();

    LedgerReceipt receipt = peer(1).commit(id, hash(1), 250);

    long after = peer(0).now().timestamp();
    Commitment c = peer(2).commitment(id, peer(1).self()).orElseThrow();
    assertThat(c.signer()).isEqualTo(peer(1).self());
    assertThat(c.updateHash()).isEqualTo(hash(1));
    assertThat(c.numSamples()).isEqualTo(250);
    assertThat(c.blockNumber()).isEqualTo(receipt.blockNumber());
    assertThat(c.onTime()).isTrue();
    // The commit block's own timestamp (issue 11, attack 7), not one derived from the deadline.
    assertThat(c.blockTimestamp()).isBetween(before, after);
    assertThat(c.blockTimestamp())
        .isLessThan(peer(0).round(id).orElseThrow().commitDeadline() - 60);
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

  /** Peers 0..n-1 join and commit hash(1 + i) with 10 * (1 + i) samples; then commits close. */
  private RoundId committedRound(int committers, boolean thirdJoinsSilently) {
    RoundId id = newRound();
    for (int i = 0; i < committers; i++) {
      peer(i).join(id);
      peer(i).commit(id, hash(1 + i), 10L * (1 + i));
    }
    if (thirdJoinsSilently) {
      peer(2).join(id);
    }
    bed.advanceTime(COMMIT.plusSeconds(5));
    return id;
  }

  private List<Address> signers(int... peers) {
    return Arrays.stream(peers).mapToObj(i -> peer(i).self()).sorted().toList();
  }

  @Test
  void shouldRecordProposalsOfAggregatorAndCommittedParticipant() {
    RoundId id = committedRound(3, false);

    LedgerReceipt first = peer(0).propose(id, hash(0xa), List.of(peer(1).self(), peer(0).self()));
    peer(2).propose(id, hash(0xb), signers(0, 1, 2));

    List<Proposal> proposals = peer(1).proposals(id);
    assertThat(proposals).hasSize(2);
    Proposal p = proposals.get(0);
    assertThat(p.index()).isEqualTo(1);
    assertThat(p.aggregateHash()).isEqualTo(hash(0xa));
    assertThat(p.included()).isEqualTo(signers(0, 1));
    assertThat(p.proposer()).isEqualTo(peer(0).self());
    assertThat(p.blockNumber()).isEqualTo(first.blockNumber());
    assertThat(p.attesters()).isEmpty();
    assertThat(p.counted()).isEqualTo(3);
    assertThat(p.quorum()).isEqualTo(2);
    assertThat(p.finalized()).isFalse();
    assertThat(proposals.get(1).proposer()).isEqualTo(peer(2).self());
    assertThat(peer(1).finalization(id)).isEmpty();
    assertThat(peer(1).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.AGGREGATING);
  }

  @Test
  void shouldRejectProposalBeforeCommitDeadline() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(0).commit(id, hash(1), 10);

    assertThatThrownBy(() -> peer(0).propose(id, hash(0xa), signers(0)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).proposals(id)).isEmpty();
  }

  /**
   * Once joining closed and every participant committed nothing can happen in the rest of the
   * commit window: the round moves on. A participant who has not committed keeps it open.
   */
  @Test
  void shouldAcceptProposalBeforeCommitDeadlineOnceJoiningClosedAndEveryoneCommitted() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(1).join(id);
    peer(0).commit(id, hash(1), 10);
    bed.advanceTime(JOIN.plusSeconds(5));
    assertThat(peer(0).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.COMMITTING);
    assertThatThrownBy(() -> peer(0).propose(id, hash(0xa), signers(0)))
        .isInstanceOf(LedgerRejectedException.class);

    peer(1).commit(id, hash(2), 10);

    assertThat(peer(0).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.AGGREGATING);
    peer(0).propose(id, hash(0xa), signers(0, 1));
    assertThat(peer(1).proposals(id)).hasSize(1);
  }

  @Test
  void shouldRejectProposalByNeitherCommitterNorAggregator() {
    RoundId id = committedRound(2, true);

    assertThatThrownBy(() -> peer(2).propose(id, hash(0xa), signers(0, 1)))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldRejectProposalIncludingSignerWithoutCommitment() {
    RoundId id = committedRound(1, true);

    assertThatThrownBy(() -> peer(0).propose(id, hash(0xa), signers(0, 2)))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldRejectSecondProposalBySameProposerAndSameProposalByAnother() {
    RoundId id = committedRound(2, false);
    peer(1).propose(id, hash(0xa), signers(0, 1));

    assertThatThrownBy(() -> peer(1).propose(id, hash(0xb), signers(0, 1)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThatThrownBy(() -> peer(0).propose(id, hash(0xa), signers(1, 0)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).proposals(id)).hasSize(1);
  }

  @Test
  void shouldFinalizeWhenAttestationsReachQuorum() {
    RoundId id = committedRound(3, false);
    peer(0).propose(id, hash(0xa), signers(0, 1, 2));

    peer(2).attest(id, hash(0xa), signers(0, 1, 2));
    assertThat(peer(0).finalization(id)).isEmpty();
    LedgerReceipt second = peer(1).attest(id, hash(0xa), signers(2, 1, 0));

    Finalization f = peer(0).finalization(id).orElseThrow();
    assertThat(f.aggregateHash()).isEqualTo(hash(0xa));
    assertThat(f.included()).isEqualTo(signers(0, 1, 2));
    assertThat(f.proposer()).isEqualTo(peer(0).self());
    assertThat(f.attesters()).isEqualTo(signers(1, 2));
    assertThat(f.proposal().attestations()).isEqualTo(2);
    assertThat(f.blockNumber()).isEqualTo(second.blockNumber());
    assertThat(f.blockTimestamp()).isPositive();
    assertThat(peer(0).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.FINALIZED);
    assertThatThrownBy(() -> peer(1).propose(id, hash(0xb), signers(1)))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldAcceptOneAttestationPerParticipant() {
    RoundId id = committedRound(3, false);
    peer(0).propose(id, hash(0xa), signers(0, 1));
    peer(1).propose(id, hash(0xb), signers(0, 1, 2));
    peer(2).attest(id, hash(0xa), signers(0, 1));

    assertThatThrownBy(() -> peer(2).attest(id, hash(0xb), signers(0, 1, 2)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThatThrownBy(() -> peer(2).attest(id, hash(0xa), signers(0, 1)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(0).proposals(id))
        .extracting(Proposal::attesters)
        .containsExactly(List.of(peer(2).self()), List.of());
  }

  @Test
  void shouldRejectAttestationWithoutCommitmentOrProposal() {
    RoundId id = committedRound(2, true);
    peer(0).propose(id, hash(0xa), signers(0, 1));

    assertThatThrownBy(() -> peer(2).attest(id, hash(0xa), signers(0, 1)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThatThrownBy(() -> peer(1).attest(id, hash(0xb), signers(0, 1)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThatThrownBy(() -> peer(1).attest(id, hash(0xa), signers(0)))
        .isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldExpireWithoutQuorumAndRefundAtSettlement() {
    RoundId id = committedRound(3, false);
    peer(0).propose(id, hash(0xa), signers(0, 1, 2));
    peer(0).attest(id, hash(0xa), signers(0, 1, 2));
    bed.advanceTime(FINALIZE);

    assertThatThrownBy(() -> peer(1).attest(id, hash(0xa), signers(0, 1, 2)))
        .isInstanceOf(LedgerRejectedException.class);
    assertThat(peer(1).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.EXPIRED);
    LedgerReceipt receipt = peer(2).settle(id);

    Settlement s = peer(1).settlement(id).orElseThrow();
    assertThat(s.refunded()).isTrue();
    assertThat(s.blockNumber()).isEqualTo(receipt.blockNumber());
    assertThat(s.rewards()).isEmpty();
    assertThat(peer(1).finalization(id)).isEmpty();
    assertThat(peer(1).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.REFUNDED);
  }

  @Test
  void shouldSettleAtOnceWhenAllAttestedAndShareTheForfeitBySamples() {
    RoundId id = committedRound(2, true);
    peer(0).propose(id, hash(0xa), signers(0, 1));
    peer(0).attest(id, hash(0xa), signers(0, 1));
    assertThat(peer(0).settlement(id)).isEmpty();
    assertThatThrownBy(() -> peer(2).settle(id)).isInstanceOf(LedgerRejectedException.class);
    peer(1).attest(id, hash(0xa), signers(0, 1));

    LedgerReceipt receipt = peer(2).settle(id);

    Settlement s = peer(0).settlement(id).orElseThrow();
    BigInteger forfeit = bed.minStake().divide(BigInteger.TEN);
    assertThat(s.refunded()).isFalse();
    assertThat(s.blockNumber()).isEqualTo(receipt.blockNumber());
    assertThat(s.forfeits()).containsExactly(Map.entry(peer(2).self(), forfeit));
    assertThat(s.rewardOf(peer(0).self())).isEqualTo(forfeit.divide(BigInteger.valueOf(3)));
    assertThat(s.rewardOf(peer(1).self()))
        .isEqualTo(forfeit.multiply(BigInteger.TWO).divide(BigInteger.valueOf(3)));
    assertThat(peer(0).round(id).orElseThrow().phase()).isEqualTo(RoundPhase.SETTLED);
    assertThatThrownBy(() -> peer(1).settle(id)).isInstanceOf(LedgerRejectedException.class);
  }

  @Test
  void shouldForfeitSilentParticipantOnlyAfterCommitDeadline() {
    RoundId id = newRound();
    peer(0).join(id);
    peer(0).commit(id, hash(1), 10);
    peer(1).join(id);
    assertThatThrownBy(() -> peer(0).forfeit(id, peer(1).self()))
        .isInstanceOf(LedgerRejectedException.class);
    bed.advanceTime(COMMIT.plusSeconds(5));

    peer(0).forfeit(id, peer(1).self());

    assertThatThrownBy(() -> peer(2).forfeit(id, peer(1).self()))
        .isInstanceOf(LedgerRejectedException.class);
    assertThatThrownBy(() -> peer(1).forfeit(id, peer(0).self()))
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
