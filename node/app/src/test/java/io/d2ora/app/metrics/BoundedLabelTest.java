package io.d2ora.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedLabelTest {
  @Test
  void shouldKeepTheFirstValuesAndFoldTheRestIntoOther() {
    BoundedLabel label = new BoundedLabel(3);
    Set<String> values = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      values.add(label.of("topic-" + i));
    }
    assertThat(values).containsExactlyInAnyOrder("topic-0", "topic-1", "topic-2", "other");
    assertThat(label.of("topic-1")).isEqualTo("topic-1");
  }

  @Test
  void shouldRefuseHostileStrings() {
    BoundedLabel label = new BoundedLabel(100);
    assertThat(label.of("a\"b")).isEqualTo(BoundedLabel.OTHER);
    assertThat(label.of("line\nbreak")).isEqualTo(BoundedLabel.OTHER);
    assertThat(label.of("x".repeat(65))).isEqualTo(BoundedLabel.OTHER);
    assertThat(label.of("")).isEqualTo(BoundedLabel.OTHER);
    assertThat(label.of(null)).isEqualTo(BoundedLabel.OTHER);
    assertThat(label.of("/d2ora/updates/31337")).isEqualTo("/d2ora/updates/31337");
  }
}
