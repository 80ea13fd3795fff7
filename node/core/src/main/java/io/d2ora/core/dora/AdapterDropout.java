package io.d2ora.core.dora;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout on the adapter input, with its own seeded generator so masks repeat run to run
 * and do not depend on other users of ND4J's global generator. Not thread-safe.
 */
final class AdapterDropout {
  private final double keep;
  private final Random random;
  private INDArray mask;

  AdapterDropout(double probability, long seed) {
    this.keep = 1 - probability;
    this.random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
  }

  /** Returns {@code x ⊙ mask / keep} as a fresh array and remembers the scaled mask. */
  INDArray apply(INDArray x) {
    if (mask == null || !java.util.Arrays.equals(mask.shape(), x.shape())) {
      mask = x.ulike();
    }
    Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, keep), random);
    mask.divi(keep);
    return x.mul(mask);
  }

  /** The scaled mask of the last {@link #apply}; the derivative of its output wrt its input. */
  INDArray mask() {
    return mask;
  }
}
