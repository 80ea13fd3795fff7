package io.d2ora.core.model;

import io.d2ora.core.nn.KernelThreads;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide ND4J settings; call {@link #configure} once, before any other ND4J use.
 *
 * <ul>
 *   <li>Threads: measured on 2-core machines (notes/toolchain.md), BLAS on all cores with OpenMP
 *       element-wise ops on one thread ({@code OMP_NUM_THREADS=1}, set by the launch scripts) is
 *       fastest for this model's sizes. The Java kernels ({@link KernelThreads}) use as many
 *       threads as BLAS.
 *   <li>Off-heap memory: ND4J frees native buffers when the Java objects holding them are
 *       collected, and JavaCPP forces a collection only when its allocations exceed {@code
 *       org.bytedeco.javacpp.maxBytes} (default: the Java heap limit, i.e. gigabytes). A training
 *       step reuses its buffers and registers about ten small native buffers, so training stays
 *       bounded without this cap (all-domains run with {@code maxBytes=0}: 1.16 GB peak resident);
 *       the 1 GiB default remains a backstop for code that still allocates per op (evaluation
 *       heads, aggregation).
 * </ul>
 */
public final class Nd4jRuntime {
  public static final long DEFAULT_MAX_OFF_HEAP_BYTES = 1L << 30;
  private static final String MAX_BYTES = "org.bytedeco.javacpp.maxBytes";

  private Nd4jRuntime() {}

  /**
   * @param blasThreads BLAS threads; 0 or less means all available processors
   */
  public static void configure(int blasThreads) {
    if (System.getProperty(MAX_BYTES) == null
        && System.getProperty(MAX_BYTES.toLowerCase(java.util.Locale.ROOT)) == null) {
      System.setProperty(MAX_BYTES, Long.toString(DEFAULT_MAX_OFF_HEAP_BYTES));
    }
    int n = blasThreads > 0 ? blasThreads : Runtime.getRuntime().availableProcessors();
    Nd4j.factory().blas().setMaxThreads(n);
    KernelThreads.configure(n);
  }
}
