package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.RowBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout on the adapter input, with its own seeded generator so masks repeat run to run
 * and do not depend on other users of a global generator. The scaled mask ({@code 0} or {@code
 * 1/keep}) stays on the heap for backward; the dropped input lives in a buffer reused across steps.
 * Not thread-safe.
 */
final class AdapterDropout {
  private final double keep;
  private final long threshold;
  private final SplittableRandom random;
  private final HostBuffer mask = new HostBuffer();
  private final HostBuffer values = new HostBuffer();
  private final RowBuffer dropped;
  private int rows;
  private int cols;

  AdapterDropout(double probability, long seed, DataType type, long features) {
    this.keep = 1 - probability;
    this.threshold = (long) Math.ceil(keep * (1L << 32));
    this.random = new SplittableRandom(seed);
    this.dropped = new RowBuffer(type, features);
  }

  /** Draws a fresh mask and returns {@code x ⊙ mask} (valid until the next call). */
  NativeMatrix apply(NativeMatrix x) {
    rows = x.rows();
    cols = x.cols();
    int size = rows * cols;
    NativeMatrix out = dropped.rows(rows);
    float scale = (float) (1 / keep);
    if (x.dataType() == DataType.FLOAT) {
      float[] m = mask.floats(size);
      for (int i = 0; i < size; i += 2) {
        long r = random.nextLong();
        m[i] = (r & 0xFFFFFFFFL) < threshold ? scale : 0f;
        if (i + 1 < size) {
          m[i + 1] = (r >>> 32) < threshold ? scale : 0f;
        }
      }
      float[] v = values.floats(size);
      x.read(v, 0);
      for (int i = 0; i < size; i++) {
        v[i] *= m[i];
      }
      out.write(v, 0);
    } else {
      double[] m = mask.doubles(size);
      for (int i = 0; i < size; i += 2) {
        long r = random.nextLong();
        m[i] = (r & 0xFFFFFFFFL) < threshold ? 1 / keep : 0;
        if (i + 1 < size) {
          m[i + 1] = (r >>> 32) < threshold ? 1 / keep : 0;
        }
      }
      double[] v = values.doubles(size);
      x.read(v, 0);
      for (int i = 0; i < size; i++) {
        v[i] *= m[i];
      }
      out.write(v, 0);
    }
    return out;
  }

  /** {@code dx += mask ⊙ t}: the part of dL/dx that flows through the dropped input. */
  void addMasked(NativeMatrix t, NativeMatrix dx) {
    int size = rows * cols;
    if (t.rows() != rows || t.cols() != cols) {
      throw new IllegalStateException("dropout backward: shape differs from the last mask");
    }
    if (t.dataType() == DataType.FLOAT) {
      float[] m = mask.floats(size);
      float[] a = values.floats(2 * size);
      t.read(a, 0);
      dx.read(a, size);
      for (int i = 0; i < size; i++) {
        a[size + i] += m[i] * a[i];
      }
      dx.write(a, size);
    } else {
      double[] m = mask.doubles(size);
      double[] a = values.doubles(2 * size);
      t.read(a, 0);
      dx.read(a, size);
      for (int i = 0; i < size; i++) {
        a[size + i] += m[i] * a[i];
      }
      dx.write(a, size);
    }
  }

  /** The scaled mask of the last {@link #apply}; the derivative of its output wrt its input. */
  INDArray mask() {
    NativeMatrix m = NativeMatrix.allocate(dropped.rows(rows).dataType(), rows, cols);
    int size = rows * cols;
    if (m.dataType() == DataType.FLOAT) {
      m.write(mask.floats(size), 0);
    } else {
      m.write(mask.doubles(size), 0);
    }
    return m.toArray();
  }
}
