package io.d2ora.core.optim;

import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
import java.util.List;
import java.util.Objects;

/** Parameter bookkeeping, schedule and gradient checks shared by the optimizers. */
abstract class AbstractOptimizer implements Optimizer {
  protected final List<Parameter> parameters;
  private final LearningRateSchedule schedule;
  private long stepCount;

  AbstractOptimizer(List<Parameter> parameters, LearningRateSchedule schedule) {
    this.parameters = parameters.stream().filter(Parameter::trainable).toList();
    if (this.parameters.isEmpty()) {
      throw new IllegalArgumentException(
          "parameters: expected at least one trainable parameter, got "
              + parameters.size()
              + " frozen");
    }
    this.schedule = Objects.requireNonNull(schedule, "schedule");
  }

  @Override
  public final void step() {
    for (Parameter p : parameters) {
      // One pass per tensor: a NaN or Inf entry makes the sum of squares non-finite.
      if (!Double.isFinite(p.gradSquaredSum())) {
        throw new NumericalException(p.name() + " gradient", "optimizer", stepCount);
      }
    }
    double rate = learningRate();
    if (!Double.isFinite(rate) || rate < 0) {
      throw new IllegalStateException(
          "schedule gave learning rate " + rate + " at step " + stepCount);
    }
    stepCount++;
    for (int i = 0; i < parameters.size(); i++) {
      update(i, parameters.get(i), rate, stepCount);
    }
  }

  /** Updates parameter {@code index} in place; {@code step} is 1-based (this step's number). */
  protected abstract void update(int index, Parameter p, double rate, long step);

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public long stepCount() {
    return stepCount;
  }

  @Override
  public double learningRate() {
    return schedule.rate(stepCount);
  }
}
