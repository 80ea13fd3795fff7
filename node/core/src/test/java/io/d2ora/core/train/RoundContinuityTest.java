package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.d2ora.core.optim.LearningRateSchedule;
import io.d2ora.core.optim.WarmupDecaySchedule;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One schedule, rotating data windows and round-mixed data order across federated rounds. */
class RoundContinuityTest {
  private static final RoundContinuity FIVE_ROUNDS = new RoundContinuity(5, true, true, false);

  @Test
  void shouldContinueTheScheduleAtTheGlobalStepInLaterRounds() {
    long perRound = 6;
    WarmupDecaySchedule whole =
        new WarmupDecaySchedule(0.003, 3, 30, WarmupDecaySchedule.Decay.LINEAR);
    for (int round = 0; round < 5; round++) {
      LearningRateSchedule s = FIVE_ROUNDS.schedule(0.003, 0.1, perRound, round);
      for (int step = 0; step < perRound; step++) {
        assertThat(s.rate(step)).isCloseTo(whole.rate(round * perRound + step), within(1e-15));
      }
    }
    assertThat(FIVE_ROUNDS.schedule(0.003, 0.1, perRound, 1).rate(0)).isGreaterThan(0);
    assertThat(FIVE_ROUNDS.schedule(0.003, 0.1, perRound, 0).rate(0)).isZero();
  }

  @Test
  void shouldRestartTheScheduleAfterScheduleRoundsAndKeepOneRoundSchedulesAsBefore() {
    assertThat(FIVE_ROUNDS.schedule(0.003, 0.1, 6, 5).rate(2))
        .isEqualTo(FIVE_ROUNDS.schedule(0.003, 0.1, 6, 0).rate(2));
    LearningRateSchedule single = RoundContinuity.NONE.schedule(0.003, 0.1, 6, 3);
    WarmupDecaySchedule before =
        new WarmupDecaySchedule(0.003, 1, 6, WarmupDecaySchedule.Decay.LINEAR);
    for (int step = 0; step < 6; step++) {
      assertThat(single.rate(step)).isEqualTo(before.rate(step));
    }
  }

  @Test
  void shouldRotateDataWindowsAndWrapAtTheShardsEnd() {
    List<Integer> shard = IntStream.range(0, 10).boxed().toList();
    assertThat(FIVE_ROUNDS.window(shard, 4, 0)).containsExactly(0, 1, 2, 3);
    assertThat(FIVE_ROUNDS.window(shard, 4, 1)).containsExactly(4, 5, 6, 7);
    assertThat(FIVE_ROUNDS.window(shard, 4, 2)).containsExactly(8, 9, 0, 1);
    assertThat(FIVE_ROUNDS.window(shard, 4, 5)).containsExactly(0, 1, 2, 3);
    assertThat(RoundContinuity.NONE.window(shard, 4, 2)).containsExactly(0, 1, 2, 3);
    assertThat(FIVE_ROUNDS.window(shard, 0, 2)).isEqualTo(shard);
    assertThat(FIVE_ROUNDS.window(shard, 12, 2)).isEqualTo(shard);
  }

  @Test
  void shouldMixTheRoundIntoTheDataOrderOnlyWhenAsked() {
    assertThat(FIVE_ROUNDS.shuffleEpoch(0, 2, 1)).isEqualTo(1);
    assertThat(FIVE_ROUNDS.shuffleEpoch(1, 2, 1)).isEqualTo(3);
    assertThat(FIVE_ROUNDS.shuffleEpoch(1, 2, 2)).isEqualTo(4);
    assertThat(RoundContinuity.NONE.shuffleEpoch(7, 2, 1)).isEqualTo(1);
    // A registry's round ids are uint256: a huge id still gives an order, not an exception.
    assertThat(FIVE_ROUNDS.shuffleEpoch(Long.MAX_VALUE / 4, 3, 1))
        .isNotEqualTo(FIVE_ROUNDS.shuffleEpoch(Long.MAX_VALUE / 4 + 1, 3, 1));
  }

  @Test
  void shouldParseTheKeysWithDocumentedDefaultsAndRejectBadValues() {
    TrainingConfig plain = TrainingConfigParser.parse("{\"dataset_path\":\"d\"}", Map.of());
    assertThat(plain.continuity()).isEqualTo(RoundContinuity.NONE);
    TrainingConfig all =
        TrainingConfigParser.parse(
            "{\"dataset_path\":\"d\",\"schedule_rounds\":5,\"rotate_data_windows\":true,"
                + "\"shuffle_by_round\":true,\"keep_optimizer_state\":true}",
            Map.of());
    assertThat(all.continuity()).isEqualTo(new RoundContinuity(5, true, true, true));
    assertThatThrownBy(
            () ->
                TrainingConfigParser.parse(
                    "{\"dataset_path\":\"d\",\"schedule_rounds\":0}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schedule_rounds");
    assertThatThrownBy(
            () ->
                TrainingConfigParser.parse(
                    "{\"dataset_path\":\"d\",\"keep_optimizer_state\":\"yes\"}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("keep_optimizer_state");
  }
}
