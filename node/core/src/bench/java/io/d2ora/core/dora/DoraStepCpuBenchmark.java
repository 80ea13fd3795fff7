package io.d2ora.core.dora;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The step of {@link DoraStepBenchmark} timed by wall clock and by this thread's CPU time, one JSON
 * line per configuration. The frozen, LoRA and DoRA steps of one shape and rank run interleaved
 * (one of each, repeatedly), so their ratios see the same machine load. With one ND4J/BLAS thread
 * all work runs on the calling thread, so CPU time stays meaningful on a shared machine. Run by
 * {@code scripts/bench.sh dora-step} when {@code BENCH_THREADS=1}.
 */
public final class DoraStepCpuBenchmark {
  private static final int WARMUP = 30;
  private static final int SAMPLES = 80;
  private static final String[] VARIANTS = {"FROZEN", "LORA", "DORA"};

  private DoraStepCpuBenchmark() {}

  public static void main(String[] args) {
    for (String shape : new String[] {"384x384", "384x1536"}) {
      for (int rank : new int[] {8, 16}) {
        run(shape, rank);
      }
    }
  }

  private static void run(String shape, int rank) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    DoraStepBenchmark[] benches = new DoraStepBenchmark[VARIANTS.length];
    StringJoiner[] wall = new StringJoiner[VARIANTS.length];
    StringJoiner[] cpu = new StringJoiner[VARIANTS.length];
    for (int v = 0; v < VARIANTS.length; v++) {
      benches[v] = new DoraStepBenchmark();
      benches[v].shape = shape;
      benches[v].rank = rank;
      benches[v].variant = VARIANTS[v];
      benches[v].setUp();
      wall[v] = new StringJoiner(",", "[", "]");
      cpu[v] = new StringJoiner(",", "[", "]");
    }
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      for (int v = 0; v < VARIANTS.length; v++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        benches[v].step();
        long wallNanos = System.nanoTime() - wall0;
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
        if (i >= WARMUP) {
          wall[v].add(String.format(Locale.ROOT, "%.4f", wallNanos / 1e6));
          cpu[v].add(String.format(Locale.ROOT, "%.4f", cpuNanos / 1e6));
        }
      }
    }
    for (int v = 0; v < VARIANTS.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "{\"impl\":\"nd4j\",\"variant\":\"%s\",\"shape\":\"%s\",\"rank\":%d,"
              + "\"samples_ms\":%s,\"cpu_ms\":%s}%n",
          VARIANTS[v],
          shape,
          rank,
          wall[v],
          cpu[v]);
    }
  }
}
