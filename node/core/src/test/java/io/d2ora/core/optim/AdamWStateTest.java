package io.d2ora.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** AdamW's moments survive a round trip through their file, and a resumed run equals one run. */
class AdamWStateTest {

  private static Parameter parameter() {
    return Parameter.trainableWithoutDecay("p", Nd4j.createFromArray(1.0, -1.0, 0.5));
  }

  private static void stepWith(AdamW adamW, Parameter p, double... grad) {
    p.grad().assign(Nd4j.createFromArray(grad));
    adamW.step();
  }

  @Test
  void shouldResumeExactlyWhereAnUninterruptedRunWouldBe() {
    Parameter straight = parameter();
    AdamW one =
        new AdamW(List.of(straight), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));
    stepWith(one, straight, 0.5, -2.0, 0.1);
    stepWith(one, straight, 0.3, 1.0, -0.4);

    Parameter split = parameter();
    AdamW first =
        new AdamW(List.of(split), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));
    stepWith(first, split, 0.5, -2.0, 0.1);
    AdamWState saved = AdamWState.decode(first.state("round-config").encode());
    AdamW second =
        new AdamW(List.of(split), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));
    second.resume(saved);
    stepWith(second, split, 0.3, 1.0, -0.4);

    assertThat(saved.tag()).isEqualTo("round-config");
    assertThat(saved.steps()).isEqualTo(1);
    assertThat(split.value().toDoubleVector()).containsExactly(straight.value().toDoubleVector());
    assertThat(second.state("t").steps()).isEqualTo(2);
  }

  @Test
  void shouldRefuseEveryTornOrFlippedFile() {
    Parameter p = parameter();
    AdamW adamW = new AdamW(List.of(p), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));
    stepWith(adamW, p, 0.5, -2.0, 0.1);
    byte[] good = adamW.state("tag").encode();
    for (int cut = 0; cut < good.length; cut++) {
      byte[] torn = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> AdamWState.decode(torn))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("optimizer state:");
    }
    for (int i = 0; i < good.length; i++) {
      byte[] flipped = good.clone();
      flipped[i] ^= 0x10;
      assertThatThrownBy(() -> AdamWState.decode(flipped))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldRefuseMomentsOfOtherParametersAndChangeNothing() {
    Parameter p = parameter();
    AdamW adamW = new AdamW(List.of(p), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));
    AdamWState other =
        new AdamWState("t", 3, List.of("q"), List.of(new double[3]), List.of(new double[3]));
    AdamWState shorter =
        new AdamWState("t", 3, List.of("p"), List.of(new double[2]), List.of(new double[2]));

    assertThatThrownBy(() -> adamW.resume(other)).hasMessageContaining("parameters differ");
    assertThatThrownBy(() -> adamW.resume(shorter)).hasMessageContaining("moments");
    assertThat(adamW.state("t").steps()).isZero();
  }
}
