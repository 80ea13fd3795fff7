package io.d2ora.core.nn;

/**
 * A heap array that Java kernels reuse across steps, grown on demand and never shrunk: the host
 * side of a {@link NativeMatrix} copy. Holds float32 or float64 values, per the model's data type.
 */
public final class HostBuffer {
  /**
   * Elements a kernel moves between native memory and the heap at a time: small enough that the
   * copy and every pass over it stay in the core's cache (a few arrays of 32 KiB), large enough
   * that the per-copy cost vanishes. Whole-matrix passes between GEMMs were memory-bound.
   */
  public static final int CHUNK = 8192;

  private float[] floats = new float[0];
  private double[] doubles = new double[0];
  private int[] ints = new int[0];

  /** At least {@code n} floats; contents are kept only while no growth happens. */
  public float[] floats(int n) {
    if (floats.length < n) {
      floats = new float[n];
    }
    return floats;
  }

  /** At least {@code n} doubles; contents are kept only while no growth happens. */
  public double[] doubles(int n) {
    if (doubles.length < n) {
      doubles = new double[n];
    }
    return doubles;
  }

  /**
   * At least {@code n} ints (scratch for kernels); contents are kept only while no growth happens.
   */
  public int[] ints(int n) {
    if (ints.length < n) {
      ints = new int[n];
    }
    return ints;
  }
}
