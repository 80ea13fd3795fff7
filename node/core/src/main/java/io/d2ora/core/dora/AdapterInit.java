package io.d2ora.core.dora;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Initial values of adapter tensors, drawn in Java so they repeat across ND4J versions. */
final class AdapterInit {
  private AdapterInit() {}

  /**
   * Kaiming-uniform with {@code a = sqrt(5)}, PyTorch's default for {@code nn.Linear} and PEFT's
   * for lora_A: gain = sqrt(2 / (1 + a^2)), bound = gain · sqrt(3 / fan_in) = 1 / sqrt(fan_in).
   */
  static INDArray kaimingUniform(long rows, long fanIn, DataType type, long seed) {
    double a = Math.sqrt(5);
    double gain = Math.sqrt(2.0 / (1 + a * a));
    double bound = gain * Math.sqrt(3.0 / fanIn);
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[Math.toIntExact(rows * fanIn)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (2 * random.nextDouble() - 1) * bound;
    }
    return Nd4j.create(values, new long[] {rows, fanIn}, DataType.DOUBLE).castTo(type);
  }

  /** A per-layer seed: the spec's seed mixed with the module path (SplitMix64 finaliser). */
  static long layerSeed(long seed, String name) {
    long z = seed + 0x9E3779B97F4A7C15L * (name.hashCode() + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
