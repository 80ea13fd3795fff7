package io.d2ora.core.model;

/**
 * {@code exp} over a float32 array in place, in a form the JIT vectorises (Math.exp is a scalar
 * call): Cephes' {@code expf}, {@code exp(x) = 2^k · p(r)} with {@code k = round(x·log2 e)}, {@code
 * r = x − k·ln 2} (two-constant Cody–Waite reduction) and a degree-6 polynomial p. Relative error
 * below 1e-7 for x in [-87, 0] (measured 8.3e-8; {@code FloatExpTest}); inputs below −87 give
 * exp(−87) ≈ 1.6e-38 instead of a denormal or 0, inputs above 88 are clamped there (the kernels
 * here only pass x <= 0).
 *
 * <p>Two loops because C2 vectorises an int-to-float bit cast only when it reads the int from
 * memory: the first writes p(r) and the exponent bits, the second scales by 2^k. Both index every
 * array by the loop counter alone: C2 gives up on a loop that stores to one float array and reads
 * another at a different offset (it cannot rule out that they are the same array).
 */
final class FloatExp {
  private static final float ROUNDER = 12582912f; // 1.5·2^23: adding it rounds to an integer

  private FloatExp() {}

  /**
   * {@code x[i] = exp(x[i])} for i in {@code [0, size)}.
   *
   * @param bits scratch of at least {@code size} ints
   */
  static void inPlace(float[] x, int size, int[] bits) {
    for (int i = 0; i < size; i++) {
      float v = Math.max(Math.min(x[i], 88f), -87f);
      float k = (v * 1.44269504f + ROUNDER) - ROUNDER;
      float r = v - k * 0.693359375f;
      r = r - k * -2.12194440e-4f;
      float p = 1.9875691500e-4f;
      p = p * r + 1.3981999507e-3f;
      p = p * r + 8.3334519073e-3f;
      p = p * r + 4.1665795894e-2f;
      p = p * r + 1.6666665459e-1f;
      p = p * r + 5.0000001201e-1f;
      x[i] = p * r * r + r + 1f;
      bits[i] = ((int) k + 127) << 23;
    }
    for (int i = 0; i < size; i++) {
      x[i] *= Float.intBitsToFloat(bits[i]);
    }
  }
}
