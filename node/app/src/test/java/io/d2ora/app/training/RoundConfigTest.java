package io.d2ora.app.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.train.ConfigException;
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
    for (String s :
        new String[] {
          "fedavg",
          "median",
          "trimmed-mean:0.2",
          "exact:2",
          "fedavgm",
          "fedadam",
          "fedavg:server_lr=0.5",
          "fedadam:server_lr=0.05;tau=0.01"
        }) {
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

  private static RoundConfig parseAggregation(String aggregationJson) {
    String json =
        TinyRound.configJson("fedavg", "")
            .replace("\"aggregation\": \"fedavg\"", "\"aggregation\": " + aggregationJson);
    return RoundConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadServerParametersFromAnObjectIntoTheHashedConfig() {
    RoundConfig object =
        parseAggregation(
            "{\"strategy\": \"fedadam\", \"server_lr\": 0.05, \"beta1\": 0.8, \"tau\": 0.01}");
    RoundConfig other = parseAggregation("{\"strategy\": \"fedadam\", \"server_lr\": 0.02}");

    assertThat(object.strategy())
        .isEqualTo(AggregationStrategy.parse("fedadam:server_lr=0.05;beta1=0.8;tau=0.01"));
    assertThat(object.strategy().id())
        .isEqualTo("fedadam:server_lr=0.05;beta1=0.8;beta2=0.99;tau=0.01");
    assertThat(other.strategy().server().serverLr()).isEqualTo(0.02);
    assertThat(other.hash()).isNotEqualTo(object.hash());
    assertThat(parseAggregation("{\"strategy\": \"fedavgm\"}").strategy())
        .isEqualTo(AggregationStrategy.FEDAVGM);
  }

  @Test
  void shouldRefuseBadServerParametersByName() {
    assertThatThrownBy(() -> parse("fedadam:beta2=1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has a bad 'aggregation': beta2 out of range: 1.0");
    assertThatThrownBy(() -> parse("fedavgm:tau=0.1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fedavgm takes server_lr, beta1");
    assertThatThrownBy(() -> parse("median:server_lr=2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown strategy 'median:server_lr=2'");
    assertThatThrownBy(() -> parseAggregation("{\"strategy\": \"fedadam\", \"lr\": 0.1}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'lr' is not a number among [server_lr, beta1, beta2, tau]");
    assertThatThrownBy(
            () -> parseAggregation("{\"strategy\": \"fedadam\", \"server_lr\": \"0.1\"}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'server_lr' is not a number");
    assertThatThrownBy(
            () -> parseAggregation("{\"strategy\": \"fedadam:tau=0.1\", \"server_lr\": 0.1}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("either in 'fedadam:tau=0.1' or as keys");
    assertThatThrownBy(() -> parseAggregation("[\"fedavg\"]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected a strategy name or");
    assertThatThrownBy(() -> parse("fedadam:server_lr=NaN"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has a bad 'aggregation'");
  }

  @Test
  void shouldFreezeAUnderFfaWhateverTheTrainingObjectSays() {
    RoundConfig ffa = TinyRound.of("ffa", 1, ", \"freeze_lora_a\": false").config;

    assertThat(ffa.strategy()).isEqualTo(AggregationStrategy.FFA);
    assertThat(ffa.training("data").freezeLoraA()).isTrue();
    assertThat(parse("fedavg").training("data").freezeLoraA()).isFalse();
  }
}
