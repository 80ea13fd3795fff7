package io.d2ora.core.optim;

/**
 * Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then linear or cosine decay to 0
 * at {@code totalSteps}; Hugging Face's {@code get_linear_schedule_with_warmup} and {@code
 * get_cosine_schedule_with_warmup} (half a cycle). As there, step 0 has rate 0 when warming up.
 *
 * @param peak the rate at the end of warm-up
 * @param warmupSteps steps of linear warm-up, >= 0
 * @param totalSteps steps until the rate reaches 0, > warmupSteps
 * @param decay shape of the decay after warm-up
 */
public record WarmupDecaySchedule(double peak, long warmupSteps, long totalSteps, Decay decay)
    implements LearningRateSchedule {

  /** Shape of the decay phase. */
  public enum Decay {
    LINEAR,
    COSINE
  }

  public WarmupDecaySchedule {
    if (!(peak >= 0) || Double.isInfinite(peak)) {
      throw new IllegalArgumentException("peak: expected a finite value >= 0, got " + peak);
    }
    if (warmupSteps < 0 || totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "steps: expected 0 <= warmupSteps < totalSteps, got warmupSteps="
              + warmupSteps
              + ", totalSteps="
              + totalSteps);
    }
    if (decay == null) {
      throw new IllegalArgumentException("decay: expected LINEAR or COSINE, got null");
    }
  }

  @Override
  public double rate(long step) {
    if (step < warmupSteps) {
      return peak * step / warmupSteps;
    }
    double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
    double factor =
        switch (decay) {
          case LINEAR -> 1 - progress;
          case COSINE -> 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    return peak * Math.max(0, factor);
  }
}
