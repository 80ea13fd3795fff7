package io.d2ora.core.nn;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads for the Java kernels, as many as BLAS uses (set by {@code Nd4jRuntime.configure}; 1 until
 * then): the chunks of a kernel are claimed one at a time by the caller and by daemon helpers, so
 * element-wise passes use the cores the GEMMs use. The caller never waits for a helper that has not
 * started (on a busy machine it may not be scheduled for a while): it runs whatever is left and
 * waits only for chunks already claimed. Jobs of fewer than four chunks stay on the caller. Each
 * running thread has a worker index for its scratch ({@link HostBuffers}); chunks write disjoint
 * rows.
 */
public final class KernelThreads {
  private static volatile int threads = 1;
  private static ExecutorService pool;

  private KernelThreads() {}

  /** Work on chunks {@code [from, to)} by worker {@code worker}. */
  @FunctionalInterface
  public interface Share {
    void run(int from, int to, int worker);
  }

  /**
   * @param count threads for kernels, >= 1 (the caller is one of them)
   */
  public static synchronized void configure(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("kernel threads: expected >= 1, got " + count);
    }
    if (pool != null) {
      pool.shutdown();
      pool = null;
    }
    if (count > 1) {
      pool =
          Executors.newFixedThreadPool(
              count - 1,
              r -> {
                Thread t = new Thread(r, "d2ora-kernel");
                t.setDaemon(true);
                return t;
              });
    }
    threads = count;
  }

  public static int count() {
    return threads;
  }

  /** Runs {@code share} once for every chunk in {@code [0, chunks)}, spread over the threads. */
  public static void split(int chunks, Share share) {
    ExecutorService executor = pool;
    int helpers = Math.min(threads - 1, chunks / 4);
    if (helpers < 1 || executor == null) {
      share.run(0, chunks, 0);
      return;
    }
    Job job = new Job(chunks, share);
    for (int h = 1; h <= helpers; h++) {
      int worker = h;
      executor.execute(() -> job.work(worker));
    }
    job.work(0);
    job.awaitClaimed();
  }

  /** Chunk counter, claimed-chunk count and the first failure of one split. */
  private static final class Job {
    private final int chunks;
    private final Share share;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile RuntimeException failure;

    Job(int chunks, Share share) {
      this.chunks = chunks;
      this.share = share;
    }

    void work(int worker) {
      while (true) {
        running.incrementAndGet();
        try {
          int c = next.getAndIncrement();
          if (c >= chunks || failure != null) {
            return;
          }
          share.run(c, c + 1, worker);
        } catch (RuntimeException e) {
          failure = e;
          return;
        } finally {
          running.decrementAndGet();
        }
      }
    }

    /** Called by the caller once no chunk is left: waits for chunks helpers still hold. */
    void awaitClaimed() {
      int spins = 0;
      while (running.get() > 0) {
        if (++spins < 1000) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(20_000);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
