package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitmentRulesTest {
  private static final Address SIGNER = Address.parse("0x" + "a1".repeat(20));
  private static final BigInteger MIN = BigInteger.TEN;
  private static final RoundInfo ROUND =
      new RoundInfo(
          RoundId.of(1),
          RoundNetwork.hash(0xba),
          RoundNetwork.hash(0xc0),
          100,
          200,
          300,
          MIN,
          4,
          1_000,
          6_666,
          SIGNER,
          RoundPhase.AGGREGATING);

  private static Commitment commitment(long samples, long time) {
    return new Commitment(SIGNER, RoundNetwork.hash(1), samples, 7, time, time <= 200);
  }

  private static Map<Address, Participant> joined(BigInteger reserved, boolean slashed) {
    return Map.of(SIGNER, new Participant(SIGNER, reserved, 3, 50, slashed));
  }

  @Test
  void shouldAcceptOnTimeCommitmentWithinTheCapByAStakedParticipant() {
    assertThat(CommitmentRules.exclusion(commitment(1_000, 200), ROUND, joined(MIN, false)))
        .isEmpty();
  }

  @Test
  void shouldRejectSampleCountAboveTheCapEvenWhenTheChainReportsIt() {
    assertThat(
            CommitmentRules.violation(commitment(Long.MAX_VALUE, 150), ROUND, joined(MIN, false)))
        .hasValueSatisfying(v -> assertThat(v).contains("above the round's cap 1000"));
  }

  @Test
  void shouldRejectLateCommitByItsBlockTimeAndTooSmallReservation() {
    assertThat(CommitmentRules.violation(commitment(10, 201), ROUND, joined(MIN, false)))
        .hasValueSatisfying(v -> assertThat(v).contains("after the commit deadline 200"));
    assertThat(CommitmentRules.violation(commitment(10, 150), ROUND, joined(BigInteger.ONE, false)))
        .hasValueSatisfying(v -> assertThat(v).contains("reserved at join"));
    assertThat(CommitmentRules.violation(commitment(10, 150), ROUND, Map.of()))
        .hasValueSatisfying(v -> assertThat(v).contains("not a participant"));
  }

  @Test
  void shouldExcludeSlashedSignerInARunningRoundButNotForTheVerifier() {
    assertThat(CommitmentRules.exclusion(commitment(10, 150), ROUND, joined(MIN, true)))
        .hasValueSatisfying(v -> assertThat(v).contains("slashed"));
    assertThat(CommitmentRules.violation(commitment(10, 150), ROUND, joined(MIN, true))).isEmpty();
  }
}
