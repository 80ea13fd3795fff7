package io.d2ora.core.dora;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The step of {@link DoraStepBenchmark} timed by wall clock and by this thread's CPU time, one JSON
 * line per configuration. With one ND4J/BLAS thread all work runs on the calling thread, so CPU
 * time stays meaningful on a machine shared with other jobs, where wall time does not. Run by
 * {@code scripts/bench-dora.sh} when {@code BENCH_THREADS=1}.
 */
public final class DoraStepCpuBench {
  private static final int WARMUP = 40;
  private static final int SAMPLES = 80;

  private DoraStepCpuBench() {}

  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String shape : new String[] {"384x384", "384x1536"}) {
      for (int rank : new int[] {8, 16}) {
        for (String variant : new String[] {"FROZEN", "LORA", "DORA"}) {
          DoraStepBenchmark bench = new DoraStepBenchmark();
          bench.shape = shape;
          bench.rank = rank;
          bench.variant = variant;
          bench.setUp();
          for (int i = 0; i < WARMUP; i++) {
            bench.step();
          }
          StringJoiner wall = new StringJoiner(",", "[", "]");
          StringJoiner cpu = new StringJoiner(",", "[", "]");
          for (int i = 0; i < SAMPLES; i++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            bench.step();
            wall.add(String.format(Locale.ROOT, "%.4f", (System.nanoTime() - wall0) / 1e6));
            cpu.add(
                String.format(
                    Locale.ROOT, "%.4f", (threads.getCurrentThreadCpuTime() - cpu0) / 1e6));
          }
          System.out.printf(
              Locale.ROOT,
              "{\"impl\":\"nd4j\",\"variant\":\"%s\",\"shape\":\"%s\",\"rank\":%d,"
                  + "\"samples_ms\":%s,\"cpu_ms\":%s}%n",
              variant,
              shape,
              rank,
              wall,
              cpu);
        }
      }
    }
  }
}
