package io.d2ora.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.data.Example;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.TinyModels;
import io.d2ora.core.model.WeightTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training loop on a tiny random BERT with a word tokenizer (fast, no files). */
class TrainerTest {
  private static final BaseModel BASE = TinyModels.tinyBert(5);

  private static TrainingData toyData() {
    List<Example> ex = new ArrayList<>();
    String[] fillers = {"the", "a", "movie", "food", "phone", "was", "really", "quite"};
    for (int i = 0; i < 32; i++) {
      String filler = fillers[i % fillers.length] + " " + fillers[(i * 3 + 1) % fillers.length];
      boolean positive = i % 2 == 0;
      ex.add(new Example(filler + (positive ? " great" : " awful"), positive ? "pos" : "neg"));
    }
    return new TrainingData(ex, ex, LabelSet.of(ex));
  }

  private static TrainingConfig config(Map<String, Object> overrides) {
    return TrainingConfigParser.parse(
        "{\"dataset_path\":\"unused\",\"batch_size\":8,\"num_epochs\":12,\"learning_rate\":0.02,"
            + "\"head_dropout\":0.0,\"lora_dropout\":0.0,\"max_seq_len\":8,"
            + "\"target_modules\":[\"query\",\"value\"]}",
        overrides);
  }

  @Test
  void shouldLearnASeparableTaskAndReportProgress() {
    List<ProgressListener.StepProgress> steps = new ArrayList<>();
    TrainingResult r =
        Trainer.train(
            BASE,
            config(Map.of()),
            toyData(),
            null,
            new ProgressListener() {
              @Override
              public void onStep(StepProgress p) {
                steps.add(p);
              }
            });
    assertThat(r.epochs()).hasSize(12);
    assertThat(r.epochs().get(11).validation().accuracy()).isEqualTo(1.0);
    assertThat(r.epochs().get(11).trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
    assertThat(steps).hasSize(48);
    assertThat(steps.get(47).step()).isEqualTo(48);
    assertThat(r.sampleCount()).isEqualTo(32);
    assertThat(r.state())
        .containsKeys(
            "encoder.layer.0.attention.self.query.lora_A.weight",
            "encoder.layer.1.attention.self.value.lora_magnitude_vector",
            "classifier.weight",
            "classifier.bias");
  }

  @Test
  void shouldStopWithStepAndLossWhenTrainingDiverges() {
    assertThatThrownBy(
            () -> Trainer.train(BASE, config(Map.of("learning_rate", 1e30)), toyData(), null, null))
        .isInstanceOf(TrainingDivergedException.class)
        .hasMessageMatching("training diverged at step \\d+ \\(loss .*\\).*");
  }

  @Test
  void shouldStartFromAGivenState() {
    TrainingResult first =
        Trainer.train(BASE, config(Map.of("num_epochs", 2)), toyData(), null, null);
    TrainingResult resumed =
        Trainer.train(
            BASE,
            config(Map.of("num_epochs", 1, "learning_rate", 1e-30, "weight_decay", 0)),
            toyData(),
            first.state(),
            null);
    for (Map.Entry<String, WeightTensor> e : first.state().entrySet()) {
      assertThat(resumed.state().get(e.getKey()).data())
          .as(e.getKey())
          .containsExactly(e.getValue().data(), org.assertj.core.data.Offset.offset(1e-6f));
    }
    assertThat(resumed.epochs().get(0).validation().accuracy())
        .isEqualTo(first.epochs().get(1).validation().accuracy());
  }

  @Test
  void shouldTrainALaterRoundOnTheRunWideScheduleFromTheKeptMoments() {
    TrainingConfig c = config(Map.of("num_epochs", 1, "schedule_rounds", 2, "warmup_ratio", 0.25));
    TrainingResult round1 = Trainer.train(BASE, c, toyData(), null, TrainingRound.STANDALONE, null);
    List<ProgressListener.StepProgress> steps = new ArrayList<>();
    TrainingResult round2 =
        Trainer.train(
            BASE,
            c,
            toyData(),
            round1.state(),
            new TrainingRound(1, round1.optimizerState()),
            new ProgressListener() {
              @Override
              public void onStep(StepProgress p) {
                steps.add(p);
              }
            });
    long perRound = round1.steps();
    double firstRate =
        c.continuity().schedule(c.learningRate(), c.warmupRatio(), perRound, 1).rate(0);
    assertThat(firstRate).isGreaterThan(0);
    // A step reports the rate of the step after it: global step perRound + 1 for round 2.
    assertThat(steps.get(0).learningRate())
        .isEqualTo(
            c.continuity()
                .schedule(c.learningRate(), c.warmupRatio(), perRound, 0)
                .rate(perRound + 1));
    assertThat(round2.optimizerState().steps()).isEqualTo(2 * perRound);
  }
}
