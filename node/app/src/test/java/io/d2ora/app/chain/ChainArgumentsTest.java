package io.d2ora.app.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainRevertException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ChainArgumentsTest {
  @Test
  void shouldParseTokenAmountsWithEighteenDecimals() {
    assertThat(Tokens.parse("--amount", "100")).isEqualTo(BigInteger.TEN.pow(20));
    assertThat(Tokens.parse("--amount", "0.5"))
        .isEqualTo(BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(17)));
    assertThat(Tokens.format(BigInteger.valueOf(25).multiply(BigInteger.TEN.pow(17))))
        .isEqualTo("2.5");
    assertThatThrownBy(() -> Tokens.parse("--amount", "-1")).isInstanceOf(UserException.class);
    assertThatThrownBy(() -> Tokens.parse("--amount", "1e-19"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("at most 18 decimals");
  }

  @Test
  void shouldParsePhaseWindows() {
    Windows windows = new Windows();
    assertThat(windows.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(windows.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(windows.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(windows.convert("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(windows.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> windows.convert("0s")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> windows.convert("soon")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void shouldSpellOutDeadlinesInRevertExplanations() {
    var revert =
        new ChainRevertException(
            "join round 4", "JoinClosed", List.of("4", "1800000000", "1800000005"));
    assertThat(Chain.explain(revert))
        .isEqualTo(
            "join round 4 failed: round 4 is past its join deadline 2027-01-15T08:00:00Z"
                + " (chain time 2027-01-15T08:00:05Z) [JoinClosed]");
    var other = new ChainRevertException("slash in round 1", "NotEquivocation", List.of());
    assertThat(Chain.explain(other)).isEqualTo("slash in round 1 reverted: NotEquivocation()");
  }

  @Test
  void shouldTurnChainFailuresIntoUserErrors() {
    assertThatThrownBy(
            () ->
                Chain.call(
                    () -> {
                      throw new ChainRevertException(
                          "unstake", "InsufficientStake", List.of("50", "20"));
                    }))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "unstake failed: not enough free stake: need 50, have 20 (base units)"
                + " [InsufficientStake]");
  }

  @Test
  void shouldReadAQuorumInBasisPointsOrPercent() {
    Quorums q = new Quorums();
    assertThat(q.convert("6667")).isEqualTo(6667);
    assertThat(q.convert("75%")).isEqualTo(7500);
    assertThat(q.convert("66.67 %")).isEqualTo(6667);
    assertThat(q.convert("default")).isZero();
    for (String bad : List.of("66.666%", "-1", "lots", "70000")) {
      assertThatThrownBy(() -> q.convert(bad))
          .as(bad)
          .isInstanceOf(picocli.CommandLine.TypeConversionException.class)
          .hasMessageContaining("expected a quorum in basis points");
    }
  }
}
