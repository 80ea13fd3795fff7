package io.d2ora.core.dora;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.RowBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout on the adapter input, with its own seeded generator so masks repeat run to run
 * and do not depend on other users of a global generator. The mask is not stored: each {@link
 * #apply} draws one seed from the layer's generator and the mask from a generator seeded with it,
 * element by element in row order, so backward regenerates exactly the same mask (a mask per
 * adapted layer and step would cost {@code n·in} floats of memory). The dropped input lives in a
 * buffer reused across steps. Not thread-safe.
 */
final class AdapterDropout {
  private final double scale;
  private final int threshold;
  private final SplittableRandom random;
  private final HostBuffer values = new HostBuffer();
  private final HostBuffer mask = new HostBuffer();
  private final HostBuffer gradients = new HostBuffer();
  private final RowBuffer dropped;
  private long maskSeed;
  private int rows;
  private int cols;

  AdapterDropout(double probability, long seed, DataType type, long features) {
    double keep = 1 - probability;
    this.scale = 1 / keep;
    // nextInt() is uniform over all ints: keep when it falls below keep·2^32 − 2^31.
    this.threshold =
        (int) Math.min(Integer.MAX_VALUE, Math.round(keep * 4294967296.0 - 2147483648.0));
    this.random = new SplittableRandom(seed);
    this.dropped = new RowBuffer(type, features);
  }

  /** Draws a fresh mask and returns {@code x ⊙ mask} (valid until the next call). */
  NativeMatrix apply(NativeMatrix x) {
    rows = x.rows();
    cols = x.cols();
    maskSeed = random.nextLong();
    NativeMatrix out = dropped.rows(rows);
    SplittableRandom stream = new SplittableRandom(maskSeed);
    int step = Math.max(1, HostBuffer.CHUNK / cols);
    for (int r = 0; r < rows; r += step) {
      int n = Math.min(step, rows - r);
      int len = n * cols;
      float[] m = nextMask(stream, len);
      if (x.dataType() == DataType.FLOAT) {
        float[] v = values.floats(len);
        x.rows(r, n).read(v, 0);
        float s = (float) scale;
        for (int i = 0; i < len; i++) {
          v[i] *= m[i] * s;
        }
        out.rows(r, n).write(v, 0);
      } else {
        double[] v = values.doubles(len);
        x.rows(r, n).read(v, 0);
        for (int i = 0; i < len; i++) {
          v[i] *= m[i] * scale;
        }
        out.rows(r, n).write(v, 0);
      }
    }
    return out;
  }

  /** {@code dx += mask ⊙ t}: the part of dL/dx that flows through the dropped input. */
  void addMasked(NativeMatrix t, NativeMatrix dx) {
    if (t.rows() != rows || t.cols() != cols) {
      throw new IllegalStateException("dropout backward: shape differs from the last mask");
    }
    SplittableRandom stream = new SplittableRandom(maskSeed);
    int step = Math.max(1, HostBuffer.CHUNK / cols);
    for (int r = 0; r < rows; r += step) {
      int n = Math.min(step, rows - r);
      int len = n * cols;
      float[] m = nextMask(stream, len);
      if (t.dataType() == DataType.FLOAT) {
        float[] a = values.floats(len);
        float[] d = gradients.floats(len);
        t.rows(r, n).read(a, 0);
        dx.rows(r, n).read(d, 0);
        float s = (float) scale;
        for (int i = 0; i < len; i++) {
          d[i] += m[i] * s * a[i];
        }
        dx.rows(r, n).write(d, 0);
      } else {
        double[] a = values.doubles(len);
        double[] d = gradients.doubles(len);
        t.rows(r, n).read(a, 0);
        dx.rows(r, n).read(d, 0);
        for (int i = 0; i < len; i++) {
          d[i] += m[i] * scale * a[i];
        }
        dx.rows(r, n).write(d, 0);
      }
    }
  }

  /** The scaled mask of the last {@link #apply}; the derivative of its output wrt its input. */
  INDArray mask() {
    NativeMatrix m = NativeMatrix.allocate(DataType.FLOAT, rows, cols);
    m.write(nextMask(new SplittableRandom(maskSeed), rows * cols), 0);
    return m.toArray().castTo(dropped.rows(0).dataType()).muli(scale);
  }

  /** The next {@code len} keep bits as 1 or 0, one generator draw each. */
  private float[] nextMask(SplittableRandom stream, int len) {
    float[] m = mask.floats(len);
    for (int i = 0; i < len; i++) {
      m[i] = stream.nextInt() < threshold ? 1f : 0f;
    }
    return m;
  }
}
