package io.d2ora.app.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.optim.AdamWState;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.TrainingContext;
import io.d2ora.core.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's round training keeps AdamW's moments across rounds in its data directory when the
 * round config asks, and a corrupt state file costs a fresh optimizer, never the round.
 */
class TheiaLocalTrainerRoundsTest {
  private static final String CONTINUITY =
      ", \"keep_optimizer_state\": true, \"schedule_rounds\": 2, \"rotate_data_windows\": true,"
          + " \"shuffle_by_round\": true, \"max_train_samples\": 8, \"batch_size\": 4,"
          + " \"num_epochs\": 1, \"max_seq_len\": 8, \"labels\": [\"negative\", \"positive\"]";

  @TempDir Path dir;

  private Path data() throws Exception {
    Path d = dir.resolve("data");
    Files.createDirectories(d);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String label = i % 2 == 0 ? "positive" : "negative";
      lines.add("{\"text\":\"word" + i + " " + label + "\",\"label\":\"" + label + "\"}");
    }
    Files.write(d.resolve("train.jsonl"), lines);
    return d;
  }

  private TrainingResult train(TinyRound round, Path data, Path stateFile) {
    List<TrainingResult> seen = new ArrayList<>();
    TheiaLocalTrainer trainer =
        new TheiaLocalTrainer(
            TinyRound.BASE,
            round.config,
            data.toString(),
            TinyRound.CHAIN_ID,
            TinyRound.REGISTRY,
            (ctx, r) -> seen.add(r),
            new OptimizerStateFile(stateFile));
    RoundInfo info = round.info;
    trainer.train(new TrainingContext(info, TinyRound.signer(1), Optional.empty()));
    return seen.get(0);
  }

  @Test
  void shouldResumeTheMomentsOfThePreviousRoundAndStartCleanFromACorruptFile() throws Exception {
    Path data = data();
    Path stateFile = dir.resolve("node").resolve(OptimizerStateFile.NAME);
    TrainingResult first = train(TinyRound.of("fedavg", 1, CONTINUITY), data, stateFile);
    long perRound = first.steps();
    assertThat(AdamWState.decode(Files.readAllBytes(stateFile)).steps()).isEqualTo(perRound);

    train(TinyRound.of("fedavg", 2, CONTINUITY), data, stateFile);
    AdamWState afterTwo = AdamWState.decode(Files.readAllBytes(stateFile));
    assertThat(afterTwo.steps()).isEqualTo(2 * perRound);
    assertThat(afterTwo.tag())
        .isEqualTo(TinyRound.of("fedavg", 2, CONTINUITY).config.hash().toString());

    byte[] corrupt = Files.readAllBytes(stateFile);
    corrupt[corrupt.length / 2] ^= 0x55;
    Files.write(stateFile, corrupt);
    TrainingResult third = train(TinyRound.of("fedavg", 3, CONTINUITY), data, stateFile);
    assertThat(third.steps()).isEqualTo(perRound);
    assertThat(AdamWState.decode(Files.readAllBytes(stateFile)).steps()).isEqualTo(perRound);
  }

  @Test
  void shouldKeepNoStateUnlessTheRoundConfigAsks() throws Exception {
    Path stateFile = dir.resolve(OptimizerStateFile.NAME);
    train(
        TinyRound.of(
            "fedavg",
            1,
            CONTINUITY.replace(
                "\"keep_optimizer_state\": true", "\"keep_optimizer_state\": false")),
        data(),
        stateFile);
    assertThat(stateFile).doesNotExist();
  }

  @Test
  void shouldCountRoundsFromZeroForRoundIdOne() {
    assertThat(TheiaLocalTrainer.roundIndex(TinyRound.of("fedavg", 1).info)).isZero();
    assertThat(TheiaLocalTrainer.roundIndex(TinyRound.of("fedavg", 5).info)).isEqualTo(4);
  }
}
