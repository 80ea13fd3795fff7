package io.d2ora.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KernelThreadsTest {
  private int saved;

  @BeforeEach
  void useTwoThreads() {
    saved = KernelThreads.count();
    KernelThreads.configure(2);
  }

  @AfterEach
  void restore() {
    KernelThreads.configure(saved);
  }

  @Test
  void shouldRunEveryChunkOnceWithOneWorkerIndexPerThread() {
    AtomicIntegerArray runs = new AtomicIntegerArray(101);
    ConcurrentHashMap<Integer, String> threadOfWorker = new ConcurrentHashMap<>();

    KernelThreads.split(
        101,
        (from, to, worker) -> {
          String previous = threadOfWorker.putIfAbsent(worker, Thread.currentThread().getName());
          assertThat(previous).isIn(null, Thread.currentThread().getName());
          for (int c = from; c < to; c++) {
            runs.incrementAndGet(c);
          }
          sleepBriefly();
        });

    for (int c = 0; c < 101; c++) {
      assertThat(runs.get(c)).isEqualTo(1);
    }
    assertThat(threadOfWorker.get(0)).isEqualTo(Thread.currentThread().getName());
    assertThat(threadOfWorker).containsOnlyKeys(0, 1);
    assertThat(threadOfWorker.get(1)).isEqualTo("d2ora-kernel");
  }

  @Test
  void shouldKeepSmallJobsOnTheCaller() {
    ConcurrentHashMap<Integer, String> threadOfWorker = new ConcurrentHashMap<>();

    KernelThreads.split(3, (from, to, worker) -> threadOfWorker.put(worker, "ran"));

    assertThat(threadOfWorker).containsOnlyKeys(0);
  }

  @Test
  void shouldRethrowAFailure() {
    assertThatThrownBy(
            () ->
                KernelThreads.split(
                    10,
                    (from, to, worker) -> {
                      if (from == 7) {
                        throw new IllegalStateException("chunk " + from);
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("chunk 7");
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
