package io.d2ora.core.nn;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Native storage for activations of {@code cols} columns that a layer reuses step after step: it
 * grows to the largest row count asked for and never shrinks, so once the longest batch has been
 * seen a step allocates nothing here. Contents do not survive a growth; callers write before they
 * read. Not thread-safe.
 */
public final class RowBuffer {
  private final DataType type;
  private final int cols;
  private NativeMatrix storage;

  public RowBuffer(DataType type, long cols) {
    this.type = type;
    this.cols = Math.toIntExact(cols);
  }

  /** The first {@code n} rows, {@code [n, cols]}, contiguous. */
  public NativeMatrix rows(int n) {
    if (storage == null || storage.rows() < n) {
      storage = NativeMatrix.allocate(type, n, cols);
    }
    return storage.rows(0, n);
  }

  public int cols() {
    return cols;
  }
}
