package io.d2ora.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The attacker is whoever creates rounds: anyone can open one that names this node's round config.
 * Without the policy the node joins it and puts at risk what the creator chose: its stake (forfeit
 * when a commit window too short to train makes it miss the deadline; reserved for as long as the
 * finalize window lasts; as large as the minimum stake says), its work (on a base model it does not
 * have) and the round's outcome (an aggregator it does not trust).
 */
class JoinPolicyTest {
  private static final long NOW = 1_000_000;
  private static final ContentHash BASE = hash(0xba);
  private static final Address CREATOR = address(1);
  private static final Address AGGREGATOR = address(2);
  private static final Address STRANGER = address(66);

  private static final JoinPolicy OPEN =
      new JoinPolicy(
          Set.of(),
          Set.of(),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          Duration.ofHours(1),
          Optional.empty());

  private static ContentHash hash(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return ContentHash.of(b);
  }

  private static Address address(int i) {
    return Address.parse(String.format("0x%040x", i));
  }

  /** A round opened now: join window 10 s, then {@code commit} s to commit, {@code fin} s more. */
  private static RoundInfo round(ContentHash base, Address aggregator, long commit, long fin) {
    return new RoundInfo(
        RoundId.of(7),
        base,
        hash(0xc0),
        NOW + 10,
        NOW + 10 + commit,
        NOW + 10 + commit + fin,
        BigInteger.TEN,
        8,
        1_000_000,
        6_666,
        aggregator,
        RoundPhase.JOINING);
  }

  private static RoundInfo fair() {
    return round(BASE, AGGREGATOR, 300, 600);
  }

  private static Optional<String> refusal(JoinPolicy p, RoundInfo r, Optional<Duration> trained) {
    return p.refusal(r, CREATOR, BASE, NOW, trained);
  }

  @Test
  void shouldJoinAFairRound() {
    assertThat(refusal(OPEN, fair(), Optional.empty())).isEmpty();
  }

  @Test
  void shouldSkipARoundOnAnotherBaseModel() {
    assertThat(refusal(OPEN, round(hash(0xbb), AGGREGATOR, 300, 600), Optional.empty()))
        .hasValueSatisfying(r -> assertThat(r).contains("fine-tunes base model"));
  }

  @Test
  void shouldSkipRoundsOfCreatorsAndAggregatorsNotAllowed() {
    JoinPolicy trusting =
        new JoinPolicy(
            Set.of(CREATOR),
            Set.of(AGGREGATOR),
            Duration.ZERO,
            Duration.ofSeconds(15),
            Duration.ofHours(1),
            Optional.empty());

    assertThat(refusal(trusting, fair(), Optional.empty())).isEmpty();
    assertThat(trusting.refusal(fair(), STRANGER, BASE, NOW, Optional.empty()))
        .hasValueSatisfying(r -> assertThat(r).contains("creator " + STRANGER));
    assertThat(refusal(trusting, round(BASE, STRANGER, 300, 600), Optional.empty()))
        .hasValueSatisfying(r -> assertThat(r).contains("aggregator " + STRANGER));
  }

  @Test
  void shouldSkipARoundReservingMoreStakeThanAllowed() {
    JoinPolicy careful =
        new JoinPolicy(
            Set.of(),
            Set.of(),
            Duration.ZERO,
            Duration.ofSeconds(15),
            Duration.ofHours(1),
            Optional.of(BigInteger.valueOf(9)));

    assertThat(refusal(careful, fair(), Optional.empty()))
        .hasValueSatisfying(
            r -> assertThat(r).contains("reserves stake 10, above join-max-stake 9"));
  }

  @Test
  void shouldSkipARoundThatLocksStakeTooLong() {
    assertThat(refusal(OPEN, round(BASE, AGGREGATOR, 300, 3601), Optional.empty()))
        .hasValueSatisfying(r -> assertThat(r).contains("locked 3601 s"));
    assertThat(refusal(OPEN, round(BASE, AGGREGATOR, 300, 3600), Optional.empty())).isEmpty();
  }

  @Test
  void shouldSkipACommitWindowShorterThanTrainingPlusMargin() {
    // 10 s to join + 64 s to commit = 74 s left; training 60 s + margin 15 s = 75 s needed.
    RoundInfo tight = round(BASE, AGGREGATOR, 64, 600);

    assertThat(refusal(OPEN, tight, Optional.empty()))
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("leaves 74 s")
                    .contains("needs 75 s")
                    .contains("join-training-seconds"));
    assertThat(refusal(OPEN, round(BASE, AGGREGATOR, 65, 600), Optional.empty())).isEmpty();
  }

  @Test
  void shouldPreferTheMeasuredTrainingTimeToTheEstimate() {
    RoundInfo r = round(BASE, AGGREGATOR, 120, 600);

    assertThat(refusal(OPEN, r, Optional.empty())).isEmpty();
    assertThat(refusal(OPEN, r, Optional.of(Duration.ofSeconds(200))))
        .hasValueSatisfying(
            why -> assertThat(why).contains("needs 215 s").contains("as measured last time"));
  }
}
