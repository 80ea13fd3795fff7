package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.store.ContentHash;
import java.util.SplittableRandom;

/**
 * FFA-LoRA (Sun et al. 2024, "Improving LoRA in Privacy-preserving Federated Learning"): every
 * module's A stays frozen at a seeded init that every peer and verifier regenerates, so it is never
 * uploaded and FedAvg of B is the exact average of the products, s B_avg A = sum_i p_i s B_i A.
 *
 * <p>The seed is the first 8 bytes (big-endian) of the round config's hash: the same for every
 * round of a run, as A must not change between rounds. A module's A [r, in] is drawn from {@link
 * SplittableRandom} (an algorithm the JDK specifies, so every JVM draws the same numbers) seeded
 * with seed + 0x9E3779B97F4A7C15 * modulePath.hashCode(), row-major, each value (2u - 1) / sqrt(in)
 * with u = nextDouble(): PEFT's kaiming_uniform_(a = sqrt(5)) range for lora_A, drawn from another
 * generator.
 */
public final class FrozenA {
  private FrozenA() {}

  /** The run's seed from its round config's hash. */
  public static long seed(ContentHash roundConfigHash) {
    String hex = roundConfigHash.hex();
    return Long.parseUnsignedLong(hex.substring(2, 18), 16);
  }

  /** The frozen A [r, in] of {@code modulePath}, row-major. */
  public static float[] of(long seed, String modulePath, int r, int in) {
    if (r <= 0 || in <= 0) {
      throw new IllegalArgumentException("need r > 0 and in > 0, got " + r + ", " + in);
    }
    SplittableRandom random =
        new SplittableRandom(seed + 0x9E3779B97F4A7C15L * modulePath.hashCode());
    double bound = 1.0 / Math.sqrt(in);
    float[] a = new float[Math.multiplyExact(r, in)];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    return a;
  }

  /** The first lora_A tensor an update carries, or null: an FFA update carries none. */
  public static String firstA(AdapterUpdate update) {
    for (String name : update.tensors().keySet()) {
      if (PeftNames.parse(name).map(p -> p.role() == PeftNames.Role.LORA_A).orElse(false)) {
        return name;
      }
    }
    return null;
  }

  static void checkNoA(java.util.List<AggregationInput> inputs) {
    for (AggregationInput in : inputs) {
      String a = firstA(in.update());
      if (a != null) {
        throw new AggregationException(
            in.signer() + ": an ffa update carries no lora_A (A is frozen), got " + a);
      }
    }
  }
}
