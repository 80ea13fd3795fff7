package io.d2ora.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DialScheduleTest {
  private final Multiaddr a = Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
  private final Multiaddr b = Multiaddr.parse("/ip4/127.0.0.1/tcp/2");
  private final DialSchedule schedule = new DialSchedule(1000, 60_000, new Random(1));

  @Test
  void shouldDialNewAddressesImmediately() {
    schedule.add(a);
    schedule.add(b);

    assertThat(schedule.due(0, 10, x -> false)).containsExactly(a, b);
    assertThat(schedule.add(a)).isFalse();
  }

  @Test
  void shouldBackOffExponentiallyWithJitterUpToTheCap() {
    schedule.add(a);
    long previous = 0;
    for (int failure = 1; failure <= 10; failure++) {
      schedule.dialling(a);
      long wait = schedule.failed(a, 0);
      long base = Math.min(60_000, 1000L << (failure - 1));
      assertThat(wait).isBetween((long) (base * 0.8), (long) (base * 1.2));
      assertThat(schedule.due(wait - 1, 10, x -> false)).isEmpty();
      assertThat(schedule.due(wait, 10, x -> false)).containsExactly(a);
      previous = wait;
    }
    assertThat(previous).isLessThanOrEqualTo(72_000);
  }

  @Test
  void shouldResetBackoffAfterSuccess() {
    schedule.add(a);
    schedule.dialling(a);
    schedule.failed(a, 0);
    schedule.dialling(a);
    schedule.succeeded(a);

    assertThat(schedule.failures(a)).isZero();
    assertThat(schedule.due(0, 10, x -> false)).containsExactly(a);
  }

  @Test
  void shouldSkipAddressesBeingDialledOrExcluded() {
    schedule.add(a);
    schedule.add(b);
    schedule.dialling(a);

    assertThat(schedule.due(0, 10, x -> x.equals(b))).isEmpty();
  }

  @Test
  void shouldRespectTheDialBudget() {
    schedule.add(a);
    schedule.add(b);

    assertThat(schedule.due(0, 1, x -> false)).containsExactly(a);
  }
}
