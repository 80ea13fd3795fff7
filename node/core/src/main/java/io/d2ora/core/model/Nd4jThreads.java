package io.d2ora.core.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread settings for ND4J. Measured on 2-core machines (notes/toolchain.md): BLAS on all cores
 * with OpenMP element-wise ops on one thread ({@code OMP_NUM_THREADS=1}, set by the launch
 * scripts before the JVM starts) is fastest for this model's sizes.
 */
public final class Nd4jThreads {
  private Nd4jThreads() {}

  /** Sets the BLAS thread count; 0 or less means all available processors. */
  public static void configure(int blasThreads) {
    int n = blasThreads > 0 ? blasThreads : Runtime.getRuntime().availableProcessors();
    Nd4j.factory().blas().setMaxThreads(n);
  }
}
