package io.d2ora.core.optim;

/** Learning rate as a function of the number of completed optimizer steps (0-based). */
@FunctionalInterface
public interface LearningRateSchedule {

  double rate(long step);

  static LearningRateSchedule constant(double rate) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate: expected a finite value >= 0, got " + rate);
    }
    return step -> rate;
  }
}
