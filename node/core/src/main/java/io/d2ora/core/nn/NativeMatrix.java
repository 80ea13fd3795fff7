package io.d2ora.core.nn;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A row-major float32 or float64 matrix in an ND4J array's native memory: element {@code (i, j)}
 * sits at {@code offset + i·ld + j}. Row blocks, column blocks and sub-blocks are views of the same
 * memory, made in Java without calling ND4J (an ND4J view costs tens of microseconds; these cost an
 * object). BLAS reads and writes them in place ({@link Blas}); Java kernels copy them to heap
 * arrays in bulk ({@link #read}, {@link #write}) and work there, where the JIT vectorises plain
 * loops.
 *
 * <p>The matrix keeps its ND4J array reachable, so the memory lives as long as any view of it. Not
 * thread-safe for concurrent writes; reads of disjoint blocks may run in parallel.
 */
public final class NativeMatrix {
  /** Side of the square tiles {@link #transposeFrom} moves at a time (two 4 KiB float tiles). */
  private static final int TILE = 32;

  private final INDArray storage;
  private final Pointer base;
  private final DataType type;
  private final long offset;
  private final int rows;
  private final int cols;
  private final int ld;

  private NativeMatrix(
      INDArray storage, Pointer base, DataType type, long offset, int rows, int cols, int ld) {
    this.storage = storage;
    this.base = base;
    this.type = type;
    this.offset = offset;
    this.rows = rows;
    this.cols = cols;
    this.ld = ld;
  }

  /** Fresh zeroed storage {@code [rows, cols]}. */
  public static NativeMatrix allocate(DataType type, int rows, int cols) {
    return of(Nd4j.create(type, Math.max(rows, 1), Math.max(cols, 1)))
        .block(0, 0, Math.max(rows, 0), Math.max(cols, 0));
  }

  /**
   * A view of a 2-D array whose rows are contiguous (c order, unit column stride), or of a vector
   * as one row. The array is referenced, not copied.
   *
   * @throws IllegalArgumentException for other layouts, ranks or data types
   */
  public static NativeMatrix of(INDArray a) {
    DataType type = a.dataType();
    if (type != DataType.FLOAT && type != DataType.DOUBLE) {
      throw new IllegalArgumentException("expected data type FLOAT or DOUBLE, got " + type);
    }
    Pointer p = a.data().addressPointer();
    Pointer base = type == DataType.FLOAT ? new FloatPointer(p) : new DoublePointer(p);
    // ND4J may express a view's start as a position on the pointer; fold it into the offset.
    long start = p.position() * p.sizeof() / type.width();
    base.position(0);
    if (a.rank() == 1 && a.elementWiseStride() == 1) {
      int n = Math.toIntExact(a.length());
      return new NativeMatrix(a, base, type, start, 1, n, n);
    }
    if (a.rank() != 2 || a.ordering() != 'c' || a.stride(1) != 1 && a.size(1) > 1) {
      throw new IllegalArgumentException(
          "expected a 2-D array with contiguous rows, got shape "
              + Arrays.toString(a.shape())
              + " strides "
              + Arrays.toString(a.stride())
              + " order "
              + a.ordering());
    }
    int r = Math.toIntExact(a.size(0));
    int c = Math.toIntExact(a.size(1));
    int stride = r > 1 ? Math.toIntExact(a.stride(0)) : c;
    return new NativeMatrix(a, base, type, start, r, c, Math.max(stride, c));
  }

  public DataType dataType() {
    return type;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Distance between the starts of consecutive rows, in elements (>= cols). */
  public int ld() {
    return ld;
  }

  /** Whether the elements are one contiguous run (rows back to back). */
  public boolean contiguous() {
    return ld == cols || rows <= 1;
  }

  /** Rows {@code [from, from + count)}. */
  public NativeMatrix rows(int from, int count) {
    return block(from, 0, count, cols);
  }

  /** Columns {@code [from, from + count)} of every row. */
  public NativeMatrix columns(int from, int count) {
    return block(0, from, rows, count);
  }

  /** The {@code rowCount x colCount} block whose top-left element is {@code (row, col)}. */
  public NativeMatrix block(int row, int col, int rowCount, int colCount) {
    if (row < 0 || col < 0 || rowCount < 0 || colCount < 0) {
      throw new IllegalArgumentException("negative block bounds");
    }
    if (row + rowCount > rows || col + colCount > cols) {
      throw new IllegalArgumentException(
          "block ["
              + row
              + "+"
              + rowCount
              + ", "
              + col
              + "+"
              + colCount
              + "] outside a "
              + rows
              + " x "
              + cols
              + " matrix");
    }
    return new NativeMatrix(
        storage, base, type, offset + (long) row * ld + col, rowCount, colCount, ld);
  }

  /** The same memory seen as {@code [rows, cols]} rows back to back; requires contiguity. */
  public NativeMatrix reshape(int newRows, int newCols) {
    if (!contiguous() || (long) newRows * newCols != (long) rows * cols) {
      throw new IllegalArgumentException(
          "cannot view "
              + rows
              + " x "
              + cols
              + " (ld "
              + ld
              + ") as "
              + newRows
              + " x "
              + newCols);
    }
    return new NativeMatrix(storage, base, type, offset, newRows, newCols, newCols);
  }

  /** A float pointer at element (0, 0); for BLAS. */
  FloatPointer floatPointer() {
    requireType(DataType.FLOAT);
    return new FloatPointer(base).position(offset);
  }

  /** A double pointer at element (0, 0); for BLAS. */
  DoublePointer doublePointer() {
    requireType(DataType.DOUBLE);
    return new DoublePointer(base).position(offset);
  }

  /** Copies the matrix row by row into {@code dst[at ...]} (rows back to back). */
  public void read(float[] dst, int at) {
    FloatPointer p = floatPointer();
    if (contiguous()) {
      p.get(dst, at, rows * cols);
      return;
    }
    for (int i = 0; i < rows; i++) {
      p.position(offset + (long) i * ld).get(dst, at + i * cols, cols);
    }
  }

  /** Copies {@code src[at ...]} (rows back to back) into the matrix. */
  public void write(float[] src, int at) {
    FloatPointer p = floatPointer();
    if (contiguous()) {
      p.put(src, at, rows * cols);
      return;
    }
    for (int i = 0; i < rows; i++) {
      p.position(offset + (long) i * ld).put(src, at + i * cols, cols);
    }
  }

  /** As {@link #read(float[], int)} for float64. */
  public void read(double[] dst, int at) {
    DoublePointer p = doublePointer();
    if (contiguous()) {
      p.get(dst, at, rows * cols);
      return;
    }
    for (int i = 0; i < rows; i++) {
      p.position(offset + (long) i * ld).get(dst, at + i * cols, cols);
    }
  }

  /** As {@link #write(float[], int)} for float64. */
  public void write(double[] src, int at) {
    DoublePointer p = doublePointer();
    if (contiguous()) {
      p.put(src, at, rows * cols);
      return;
    }
    for (int i = 0; i < rows; i++) {
      p.position(offset + (long) i * ld).put(src, at + i * cols, cols);
    }
  }

  /** Any-type read widened to float64 (for small matrices: vectors, adapter factors). */
  public double[] toDoubles() {
    double[] out = new double[rows * cols];
    if (type == DataType.DOUBLE) {
      read(out, 0);
    } else {
      float[] f = new float[out.length];
      read(f, 0);
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }

  /** Any-type write from float64 (rounded for float32; for small matrices). */
  public void fromDoubles(double[] values) {
    if (type == DataType.DOUBLE) {
      write(values, 0);
      return;
    }
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    write(f, 0);
  }

  /** Copies {@code src} (same shape and type) into this matrix with native memcpy. */
  public void copyFrom(NativeMatrix src) {
    src.requireShape("copy", rows, cols, type);
    long size = type.width();
    if (contiguous() && src.contiguous()) {
      Pointer.memcpy(bytePointer(0), src.bytePointer(0), size * rows * cols);
      return;
    }
    for (int i = 0; i < rows; i++) {
      Pointer.memcpy(bytePointer(i), src.bytePointer(i), size * cols);
    }
  }

  /**
   * Writes {@code src}ᵀ into this matrix, which must be {@code [src.cols, src.rows]}; float32
   * through two heap arrays of {@code scratch}, transposed in square tiles that stay in the core's
   * cache.
   */
  public void transposeFrom(NativeMatrix src, HostBuffer scratch) {
    src.requireShape("transpose", cols, rows, type);
    if (type == DataType.DOUBLE) {
      // float64 models are small (gradient checks): a plain loop.
      double[] v = src.toDoubles();
      double[] t = new double[v.length];
      for (int i = 0; i < src.rows; i++) {
        for (int j = 0; j < src.cols; j++) {
          t[j * cols + i] = v[i * src.cols + j];
        }
      }
      write(t, 0);
      return;
    }
    int n = rows * cols;
    float[] a = scratch.floats(2 * n);
    src.read(a, 0);
    for (int i0 = 0; i0 < src.rows; i0 += TILE) {
      for (int j0 = 0; j0 < src.cols; j0 += TILE) {
        for (int i = i0; i < Math.min(i0 + TILE, src.rows); i++) {
          for (int j = j0; j < Math.min(j0 + TILE, src.cols); j++) {
            a[n + j * cols + i] = a[i * src.cols + j];
          }
        }
      }
    }
    write(a, n);
  }

  private void requireShape(String op, int expectedRows, int expectedCols, DataType expectedType) {
    if (rows != expectedRows || cols != expectedCols || type != expectedType) {
      throw new IllegalArgumentException(
          "%s: expected %d x %d %s, got %d x %d %s"
              .formatted(op, expectedRows, expectedCols, expectedType, rows, cols, type));
    }
  }

  /** Sets every element to zero. */
  public void zero() {
    long size = type.width();
    if (contiguous()) {
      Pointer.memset(bytePointer(0), 0, size * rows * cols);
      return;
    }
    for (int i = 0; i < rows; i++) {
      Pointer.memset(bytePointer(i), 0, size * cols);
    }
  }

  /** A fresh ND4J array holding a copy of this matrix. */
  public INDArray toArray() {
    INDArray out = Nd4j.create(type, rows, cols);
    of(out).copyFrom(this);
    return out;
  }

  /** An untyped pointer at the start of a row: JavaCPP's memcpy counts positions in bytes. */
  private Pointer bytePointer(int row) {
    long element = offset + (long) row * ld;
    return new Pointer(base).position(element * type.width());
  }

  private void requireType(DataType expected) {
    if (type != expected) {
      throw new IllegalStateException("expected a " + expected + " matrix, got " + type);
    }
  }

  @Override
  public String toString() {
    return "NativeMatrix[" + rows + " x " + cols + ", ld " + ld + ", " + type + "]";
  }
}
