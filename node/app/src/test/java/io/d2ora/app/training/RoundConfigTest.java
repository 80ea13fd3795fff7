package io.d2ora.app.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.train.ConfigException;
import io.d2ora.core.train.RoundContinuity;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A round config must name a strategy that works round after round: a round creator (or a careless
 * operator) picking one that does not would crash every node in round 2 ({@code exact}: an
 * aggregate of rank n r the rank-r model cannot load) or leave every round unfinalized ({@code
 * norm-clip}: no agreed start adapter). Refused when the config is read, with what to use instead.
 */
class RoundConfigTest {
  private static RoundConfig parse(String strategy) {
    return RoundConfig.parse(TinyRound.configJson(strategy, "").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldAcceptStrategiesThatWorkAcrossRounds() {
    for (String s : new String[] {"fedavg", "median", "trimmed-mean:0.2", "exact:2"}) {
      assertThat(parse(s).strategy()).isEqualTo(AggregationStrategy.parse(s));
    }
  }

  @Test
  void shouldRefuseExactWithoutRecompressionToTheRoundsRank() {
    assertThatThrownBy(() -> parse("exact"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rank n x lora_r")
        .hasMessageContaining("use exact:2");
    assertThatThrownBy(() -> parse("exact:4"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exact:4 gives an aggregate of rank 4")
        .hasMessageContaining("use exact:2");
  }

  @Test
  void shouldRefuseNormClipWhichNeedsAStartAdapterRoundsDoNotName() {
    assertThatThrownBy(() -> parse("norm-clip"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("norm-clip")
        .hasMessageContaining("use median or trimmed-mean");
  }

  @Test
  void shouldCarryTrainingContinuityInTheHashedTraining() {
    String continuity =
        ", \"schedule_rounds\": 4, \"rotate_data_windows\": true, \"shuffle_by_round\": true,"
            + " \"keep_optimizer_state\": true";
    RoundConfig plain = parse("fedavg");
    RoundConfig continued =
        RoundConfig.parse(
            TinyRound.configJson("fedavg", continuity).getBytes(StandardCharsets.UTF_8));
    assertThat(plain.training("d").continuity()).isEqualTo(RoundContinuity.NONE);
    assertThat(continued.training("d").continuity())
        .isEqualTo(new RoundContinuity(4, true, true, true));
    assertThat(continued.hash()).isNotEqualTo(plain.hash());
    assertThatThrownBy(
            () ->
                RoundConfig.parse(
                    TinyRound.configJson("fedavg", ", \"schedule_rounds\": -1")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schedule_rounds");
  }
}
