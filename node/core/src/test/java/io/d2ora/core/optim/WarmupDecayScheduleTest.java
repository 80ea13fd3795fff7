package io.d2ora.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.d2ora.core.optim.WarmupDecaySchedule.Decay;
import org.junit.jupiter.api.Test;

class WarmupDecayScheduleTest {

  @Test
  void shouldWarmUpLinearlyThenDecayLinearlyToZero() {
    WarmupDecaySchedule schedule = new WarmupDecaySchedule(1e-3, 10, 110, Decay.LINEAR);

    assertThat(schedule.rate(0)).isZero();
    assertThat(schedule.rate(5)).isCloseTo(5e-4, within(1e-15));
    assertThat(schedule.rate(10)).isEqualTo(1e-3);
    assertThat(schedule.rate(60)).isCloseTo(5e-4, within(1e-15));
    assertThat(schedule.rate(110)).isZero();
    assertThat(schedule.rate(500)).isZero();
  }

  @Test
  void shouldFollowHalfCosineAfterWarmUp() {
    WarmupDecaySchedule schedule = new WarmupDecaySchedule(2.0, 0, 100, Decay.COSINE);

    assertThat(schedule.rate(0)).isEqualTo(2.0);
    assertThat(schedule.rate(50)).isCloseTo(1.0, within(1e-12));
    assertThat(schedule.rate(25)).isCloseTo(1 + Math.cos(Math.PI / 4), within(1e-12));
    assertThat(schedule.rate(100)).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void shouldRejectInconsistentSteps() {
    assertThatThrownBy(() -> new WarmupDecaySchedule(1e-3, 10, 10, Decay.LINEAR))
        .hasMessage(
            "steps: expected 0 <= warmupSteps < totalSteps, got warmupSteps=10, totalSteps=10");
  }
}
