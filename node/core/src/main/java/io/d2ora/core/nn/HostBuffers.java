package io.d2ora.core.nn;

/**
 * One {@link HostBuffer} per kernel worker ({@link KernelThreads}), so shares of a job run in
 * parallel without sharing scratch. Buffers are made on first use by each worker index.
 */
public final class HostBuffers {
  private volatile HostBuffer[] buffers = new HostBuffer[0];

  /** The scratch of {@code worker} (0 is the calling thread). */
  public HostBuffer get(int worker) {
    HostBuffer[] b = buffers;
    if (worker < b.length && b[worker] != null) {
      return b[worker];
    }
    return grow(worker);
  }

  private synchronized HostBuffer grow(int worker) {
    HostBuffer[] b = buffers;
    if (worker >= b.length) {
      b = java.util.Arrays.copyOf(b, worker + 1);
    }
    if (b[worker] == null) {
      b[worker] = new HostBuffer();
    }
    buffers = b;
    return b[worker];
  }
}
