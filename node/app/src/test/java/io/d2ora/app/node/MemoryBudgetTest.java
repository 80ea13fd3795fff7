package io.d2ora.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.app.cli.UserException;
import io.d2ora.app.training.RoundConfig;
import io.d2ora.core.model.BertConfig;
import io.d2ora.core.train.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  /** all-MiniLM-L6-v2's shape, and its ONNX file's size. */
  private static final BertConfig MINILM = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12);

  private static final long MINILM_WEIGHTS = 90_387_606L;
  private static final long GIB = 1L << 30;

  private static TrainingConfig training(int batch, int seq) {
    String json =
        """
        {"aggregation": "fedavg", "training": {"base_model": "all-minilm-l6-v2", "lora_r": 2,
         "target_modules": ["query", "value"], "batch_size": %d, "max_seq_len": %d}}
        """
            .formatted(batch, seq);
    return RoundConfig.parse(json.getBytes(StandardCharsets.UTF_8)).training("data");
  }

  @Test
  void shouldReadMemAvailableInBytes() {
    List<String> meminfo =
        List.of(
            "MemTotal:       24567890 kB", "MemFree:         1000 kB", "MemAvailable:   2048 kB");

    assertThat(MemoryBudget.available(meminfo)).hasValue(2048L * 1024);
    assertThat(MemoryBudget.available(List.of("MemTotal: 1 kB"))).isEmpty();
  }

  @Test
  void shouldNeedRuntimeAndWeightsForATinyConfig() {
    long need = MemoryBudget.needBytes(MINILM, MINILM_WEIGHTS, training(8, 16));

    assertThat(MemoryBudget.activationBytes(MINILM, training(8, 16)))
        .as("8 x 16 tokens: about 20 MiB")
        .isLessThan(32 * MemoryBudget.MIB);
    assertThat(need)
        .as("the measured peak RSS of such a node: 0.9 to 1.25 GiB")
        .isBetween(GIB, GIB + GIB / 4);
  }

  @Test
  void shouldGrowWithBatchAndQuadraticallyInSequenceForAttention() {
    long small = MemoryBudget.activationBytes(MINILM, training(8, 128));

    assertThat(MemoryBudget.activationBytes(MINILM, training(16, 128))).isEqualTo(2 * small);
    assertThat(MemoryBudget.activationBytes(MINILM, training(8, 256))).isGreaterThan(2 * small);
    assertThat(MemoryBudget.activationBytes(MINILM, training(8, 4096)))
        .as("sequences beyond the model's positions are cut to them")
        .isEqualTo(MemoryBudget.activationBytes(MINILM, training(8, 512)));
  }

  @Test
  void shouldRefuseWhenAvailablePlusHeldIsBelowTheNeed() {
    TrainingConfig big = training(256, 512);
    long need = MemoryBudget.needBytes(MINILM, MINILM_WEIGHTS, big);

    assertThatThrownBy(
            () ->
                MemoryBudget.require(
                    MINILM, MINILM_WEIGHTS, big, OptionalLong.of(need - GIB - 1), GIB))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("this machine cannot hold the node: its round config needs about")
        .hasMessageContaining("for batches of 256 x 512 tokens")
        .hasMessageContaining("lower the round config's batch_size or max_seq_len");
    assertThatCode(
            () ->
                MemoryBudget.require(MINILM, MINILM_WEIGHTS, big, OptionalLong.of(need - GIB), GIB))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldNotJudgeAMachineThatDoesNotSayWhatItHas() {
    assertThatCode(
            () ->
                MemoryBudget.require(
                    MINILM, MINILM_WEIGHTS, training(100_000, 512), OptionalLong.empty(), 0))
        .doesNotThrowAnyException();
  }
}
