package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values: the closed form evaluated independently in Python (float64). */
class WilsonIntervalTest {
  @Test
  void shouldMatchTheReferenceIntervals() {
    WilsonInterval a = WilsonInterval.of95(270, 300);
    assertThat(a.low()).isCloseTo(0.86083, within(5e-5));
    assertThat(a.high()).isCloseTo(0.92905, within(5e-5));
    WilsonInterval all = WilsonInterval.of95(300, 300);
    assertThat(all.high()).isCloseTo(1.0, within(1e-12));
    assertThat(all.low()).isCloseTo(0.98737, within(5e-5));
    assertThat(WilsonInterval.of95(0, 10).low()).isZero();
    assertThat(WilsonInterval.of95(0, 0)).isEqualTo(new WilsonInterval(0, 1));
    assertThat(a.percent()).isEqualTo("[86.1, 92.9]");
  }

  @Test
  void shouldRefuseImpossibleCounts() {
    assertThatThrownBy(() -> WilsonInterval.of95(5, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WilsonInterval.of95(-1, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
