package io.d2ora.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class MissingComponentTest {
  @Test
  void shouldFailNamingTheComponentAndTheFixWhenInCi() {
    assertThatThrownBy(() -> MissingComponent.report(true, "Hardhat is missing", "run setup"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("Hardhat is missing")
        .hasMessageContaining("run setup")
        .hasMessageContaining("CI=true");
  }

  @Test
  void shouldSkipNamingTheComponentAndTheFixWhenNotInCi() {
    assertThatThrownBy(() -> MissingComponent.report(false, "Hardhat is missing", "run setup"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("Hardhat is missing")
        .hasMessageContaining("run setup");
  }

  @Test
  void shouldReadCiFromTheVariableInAnyCase() {
    assertThat(MissingComponent.isCi("true")).isTrue();
    assertThat(MissingComponent.isCi("TRUE")).isTrue();
    assertThat(MissingComponent.isCi(null)).isFalse();
    assertThat(MissingComponent.isCi("")).isFalse();
    assertThat(MissingComponent.isCi("false")).isFalse();
    assertThat(MissingComponent.isCi("1")).isFalse();
  }
}
