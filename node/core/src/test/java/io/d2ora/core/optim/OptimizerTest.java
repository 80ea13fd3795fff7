package io.d2ora.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** AdamW's full update is checked against PyTorch in DoraReferenceTest; these pin the edges. */
class OptimizerTest {

  private static Parameter parameter(boolean decayed, double... value) {
    var array = Nd4j.createFromArray(value);
    return decayed ? Parameter.trainable("p", array) : Parameter.trainableWithoutDecay("p", array);
  }

  @Test
  void shouldMoveByLearningRateTimesSignOnFirstAdamWStep() {
    Parameter p = parameter(false, 1.0, 1.0);
    p.grad().assign(Nd4j.createFromArray(0.5, -2.0));
    AdamW adamW = new AdamW(List.of(p), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));

    adamW.step();

    assertThat(p.value().getDouble(0)).isCloseTo(0.9, within(1e-7));
    assertThat(p.value().getDouble(1)).isCloseTo(1.1, within(1e-7));
    assertThat(adamW.stepCount()).isEqualTo(1);
  }

  @Test
  void shouldDecayOnlyDecayedParameters() {
    Parameter decayed = parameter(true, 2.0);
    Parameter plain = parameter(false, 2.0);
    AdamW adamW =
        new AdamW(
            List.of(decayed, plain),
            AdamWConfig.DEFAULT.withWeightDecay(0.5),
            LearningRateSchedule.constant(0.1));

    adamW.step();

    assertThat(decayed.value().getDouble(0)).isCloseTo(2.0 * (1 - 0.1 * 0.5), within(1e-12));
    assertThat(plain.value().getDouble(0)).isEqualTo(2.0);
  }

  @Test
  void shouldRefuseNonFiniteGradientAndLeaveParametersUnchanged() {
    Parameter good = parameter(true, 1.0);
    Parameter bad = Parameter.trainable("encoder.value.lora_B.weight", Nd4j.createFromArray(1.0));
    good.grad().assign(1.0);
    bad.grad().assign(Double.POSITIVE_INFINITY);
    AdamW adamW =
        new AdamW(List.of(good, bad), AdamWConfig.DEFAULT, LearningRateSchedule.constant(0.1));

    assertThatThrownBy(adamW::step)
        .isInstanceOf(NumericalException.class)
        .hasMessageContaining("encoder.value.lora_B.weight gradient")
        .hasMessageContaining("step 0");
    assertThat(good.value().getDouble(0)).isEqualTo(1.0);
  }

  @Test
  void shouldApplyMomentumLikeTorchSgd() {
    Parameter p = parameter(true, 1.0);
    Sgd sgd = new Sgd(List.of(p), 0.9, 0.0, LearningRateSchedule.constant(0.1));

    p.grad().assign(1.0);
    sgd.step();
    sgd.step();

    // buffer: 1, then 0.9 * 1 + 1 = 1.9; p = 1 - 0.1 - 0.19
    assertThat(p.value().getDouble(0)).isCloseTo(0.71, within(1e-12));
  }

  @Test
  void shouldUseScheduleRateOfCompletedStepCount() {
    Parameter p = parameter(false, 0.0);
    Sgd sgd = new Sgd(List.of(p), 0, 0, step -> step == 0 ? 0.0 : 1.0);
    p.grad().assign(1.0);

    sgd.step();
    assertThat(p.value().getDouble(0)).isZero();
    sgd.step();
    assertThat(p.value().getDouble(0)).isEqualTo(-1.0);
  }

  @Test
  void shouldRejectParameterListWithoutTrainableParameters() {
    Parameter frozen = Parameter.frozen("w", Nd4j.ones(DataType.FLOAT, 2));

    assertThatThrownBy(
            () -> new AdamW(List.of(frozen), AdamWConfig.DEFAULT, LearningRateSchedule.constant(1)))
        .hasMessageContaining("expected at least one trainable parameter");
  }
}
