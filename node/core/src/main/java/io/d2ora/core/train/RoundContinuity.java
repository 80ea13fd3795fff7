package io.d2ora.core.train;

import io.d2ora.core.optim.LearningRateSchedule;
import io.d2ora.core.optim.WarmupDecaySchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * How a peer's training carries on from one round to the next (the training config keys in
 * brackets; all off by default, which trains every round as a fresh run as before).
 *
 * <p>Without these a federated run gets a fraction of central training's optimisation: each round
 * restarts warm-up (its first step at learning rate 0), AdamW's moments start at zero, and every
 * round trains the same first sentences in the same order.
 *
 * @param scheduleRounds [schedule_rounds, 1] rounds one warm-up-then-decay schedule spans: round
 *     index i trains the steps {@code (i mod scheduleRounds) * stepsPerRound ...} of one schedule
 *     of {@code scheduleRounds * stepsPerRound} steps, so warm-up happens once and the rate decays
 *     over the whole run; after {@code scheduleRounds} rounds the schedule restarts
 * @param rotateDataWindows [rotate_data_windows, false] with {@code max_train_samples} = n > 0,
 *     round index i trains the i-th window of n consecutive sentences of the peer's shard (wrapping
 *     at its end) instead of always the first n
 * @param shuffleByRound [shuffle_by_round, false] mixes the round index into the data order: round
 *     i's epoch e is shuffled as global epoch {@code i * num_epochs + e}
 * @param keepOptimizerState [keep_optimizer_state, false] the node keeps AdamW's moments in its
 *     data directory between rounds (never part of the update) and resumes from them
 */
public record RoundContinuity(
    int scheduleRounds,
    boolean rotateDataWindows,
    boolean shuffleByRound,
    boolean keepOptimizerState) {

  /** Every round a fresh run: the defaults. */
  public static final RoundContinuity NONE = new RoundContinuity(1, false, false, false);

  public RoundContinuity {
    if (scheduleRounds < 1) {
      throw new IllegalArgumentException("scheduleRounds: expected >= 1, got " + scheduleRounds);
    }
  }

  /**
   * The learning-rate schedule round {@code roundIndex} trains with: steps counted from 0 within
   * the round, offset into the run-wide schedule.
   *
   * @param stepsPerRound optimizer steps one round takes
   */
  public LearningRateSchedule schedule(
      double peak, double warmupRatio, long stepsPerRound, long roundIndex) {
    long total = stepsPerRound * scheduleRounds;
    long warmup = Math.round(warmupRatio * total);
    WarmupDecaySchedule whole =
        new WarmupDecaySchedule(
            peak, warmup, Math.max(total, warmup + 1), WarmupDecaySchedule.Decay.LINEAR);
    long offset = Math.floorMod(roundIndex, scheduleRounds) * stepsPerRound;
    return step -> whole.rate(offset + step);
  }

  /**
   * The examples round {@code roundIndex} trains on: all of them when {@code size} is 0 or covers
   * them; the first {@code size} without rotation; else the {@code roundIndex}-th window of {@code
   * size} consecutive examples, wrapping at the end.
   */
  public <E> List<E> window(List<E> examples, int size, long roundIndex) {
    if (size <= 0 || size >= examples.size()) {
      return examples;
    }
    if (!rotateDataWindows) {
      return examples.subList(0, size);
    }
    int n = examples.size();
    int start = (int) Math.floorMod(roundIndex * size, (long) n);
    List<E> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(examples.get((start + i) % n));
    }
    return out;
  }

  /**
   * The epoch number that seeds the data order of epoch {@code epoch} (1-based) of a round; beyond
   * the int range it wraps (still one fixed order per round, never an error).
   */
  public int shuffleEpoch(long roundIndex, int numEpochs, int epoch) {
    return shuffleByRound ? (int) (roundIndex * numEpochs + epoch) : epoch;
  }
}
