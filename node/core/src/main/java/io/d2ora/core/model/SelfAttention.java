package io.d2ora.core.model;

import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
import io.d2ora.core.nn.NativeMatrix;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1), {@code softmax(Q K^T / sqrt(d) + mask)
 * V}, head by head straight out of the fused {@code [n, 3H]} query/key/value buffer: each head's Q,
 * K and V are column blocks of it, so BLAS reads them in place (no permute copies) and writes each
 * head's context into its columns of {@code [n, H]}. The 1/sqrt(d) scale rides in the products'
 * alpha (no separate pass). Padding keys get probability exactly 0, as the additive mask of -1e9
 * gives in float32.
 *
 * <p>Heads are independent tasks (scores, softmax and context of one sequence and head each),
 * spread over the kernel threads ({@link KernelThreads}): the products are too small for BLAS to
 * split.
 *
 * <p>Backward, with {@code P} the probabilities and {@code G} = dL/dContext: {@code dV = P^T G},
 * {@code dP = G V^T}, {@code dS = P ⊙ (dP − rowsum(dP ⊙ P))}, {@code dQ = dS K / sqrt(d)}, {@code
 * dK = dS^T Q / sqrt(d)}; each of dQ, dK, dV only when asked for.
 */
final class SelfAttention {
  private final int heads;
  private final int headSize;
  private final int hidden;
  private final double scale;
  private final HostBuffers scratch;
  private final HostBuffers gradients = new HostBuffers();
  private int batch;
  private int seq;
  private NativeMatrix qkv;
  private NativeMatrix probs;

  SelfAttention(int heads, int headSize, HostBuffers scratch) {
    this.heads = heads;
    this.headSize = headSize;
    this.hidden = heads * headSize;
    this.scale = 1 / Math.sqrt(headSize);
    this.scratch = scratch;
  }

  /**
   * @param qkv {@code [B*T, 3H]}: queries, keys, values side by side; kept for backward
   * @param lengths real tokens per sequence (keys at or past it are masked)
   * @param probs {@code [B*heads*T, T]} storage for the probabilities; kept for backward
   * @param context {@code [B*T, H]} output
   */
  void forward(
      NativeMatrix qkv,
      int[] lengths,
      int seq,
      NativeMatrix probs,
      NativeMatrix context,
      boolean training) {
    this.batch = lengths.length;
    this.seq = seq;
    KernelThreads.split(
        batch * heads,
        (from, to, worker) -> {
          for (int c = from; c < to; c++) {
            int b = c / heads;
            int h = c % heads;
            NativeMatrix p = scores(probs, b, h);
            Blas.gemm(query(qkv, b, h), false, key(qkv, b, h), true, p, scale, 0);
            softmax(p, (b * heads + h) * seq, lengths, worker);
            Blas.gemm(p, false, value(qkv, b, h), false, head(context, b, h), 1, 0);
          }
        });
    this.qkv = training ? qkv : null;
    this.probs = training ? probs : null;
  }

  /**
   * @param dContext dL/dContext {@code [B*T, H]}
   * @param dqkv {@code [B*T, 3H]} receives dQ, dK, dV in its column blocks (those not asked for are
   *     left untouched)
   * @param dScores {@code [B*heads*T, T]} scratch
   */
  void backward(
      NativeMatrix dContext,
      NativeMatrix dqkv,
      NativeMatrix dScores,
      boolean wantQuery,
      boolean wantKey,
      boolean wantValue) {
    if (probs == null) {
      throw new IllegalStateException("attention backward without a training forward");
    }
    NativeMatrix q = qkv;
    NativeMatrix p = probs;
    KernelThreads.split(
        batch * heads,
        (from, to, worker) -> {
          for (int c = from; c < to; c++) {
            int b = c / heads;
            int h = c % heads;
            NativeMatrix g = head(dContext, b, h);
            NativeMatrix ds = scores(dScores, b, h);
            if (wantValue) {
              Blas.gemm(scores(p, b, h), true, g, false, value(dqkv, b, h), 1, 0);
            }
            Blas.gemm(g, false, value(q, b, h), true, ds, 1, 0);
            softmaxBackward(scores(p, b, h), ds, worker);
            if (wantQuery) {
              Blas.gemm(ds, false, key(q, b, h), false, query(dqkv, b, h), scale, 0);
            }
            if (wantKey) {
              Blas.gemm(ds, true, query(q, b, h), false, key(dqkv, b, h), scale, 0);
            }
          }
        });
    qkv = null;
    probs = null;
  }

  /**
   * Row-wise softmax of one head's {@code [T, T]} scores (rows {@code first ..} of the whole) over
   * the first {@code length} keys of its sequence; later keys get exactly 0.
   */
  private void softmax(NativeMatrix block, int first, int[] lengths, int worker) {
    HostBuffer s = scratch.get(worker);
    int size = seq * seq;
    if (block.dataType() == DataType.FLOAT) {
      float[] x = s.floats(size);
      block.read(x, 0);
      softmax(x, first, seq, lengths, s.ints(size));
      block.write(x, 0);
    } else {
      double[] x = s.doubles(size);
      block.read(x, 0);
      for (int i = 0; i < seq; i++) {
        softmaxRow(x, i * seq, lengths[(first + i) / (heads * seq)]);
      }
      block.write(x, 0);
    }
  }

  /** Rows {@code [first, first + rows)} held in s; one exp call over the whole chunk. */
  private void softmax(float[] s, int first, int rows, int[] lengths, int[] bits) {
    for (int i = 0; i < rows; i++) {
      int o = i * seq;
      int length = lengths[(first + i) / (heads * seq)];
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < length; j++) {
        max = Math.max(max, s[o + j]);
      }
      for (int j = 0; j < length; j++) {
        s[o + j] -= max;
      }
    }
    FloatExp.inPlace(s, rows * seq, bits);
    for (int i = 0; i < rows; i++) {
      int o = i * seq;
      int length = lengths[(first + i) / (heads * seq)];
      double total = 0;
      for (int j = 0; j < length; j++) {
        total += s[o + j];
      }
      float inv = (float) (1 / total);
      for (int j = 0; j < length; j++) {
        s[o + j] *= inv;
      }
      for (int j = length; j < seq; j++) {
        s[o + j] = 0;
      }
    }
  }

  private void softmaxRow(double[] s, int o, int length) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < length; j++) {
      max = Math.max(max, s[o + j]);
    }
    double total = 0;
    for (int j = 0; j < length; j++) {
      s[o + j] = Math.exp(s[o + j] - max);
      total += s[o + j];
    }
    for (int j = 0; j < length; j++) {
      s[o + j] /= total;
    }
    for (int j = length; j < seq; j++) {
      s[o + j] = 0;
    }
  }

  /** {@code dS = P ⊙ (dP − rowsum(dP ⊙ P))} in place of dP, for one head's {@code [T, T]}. */
  private void softmaxBackward(NativeMatrix probs, NativeMatrix dScores, int worker) {
    int size = seq * seq;
    if (probs.dataType() == DataType.FLOAT) {
      float[] p = scratch.get(worker).floats(size);
      float[] d = gradients.get(worker).floats(size);
      probs.read(p, 0);
      dScores.read(d, 0);
      softmaxBackward(p, d, size);
      dScores.write(d, 0);
    } else {
      double[] p = scratch.get(worker).doubles(size);
      double[] d = gradients.get(worker).doubles(size);
      probs.read(p, 0);
      dScores.read(d, 0);
      softmaxBackward(p, d, size);
      dScores.write(d, 0);
    }
  }

  private void softmaxBackward(float[] p, float[] d, int size) {
    for (int o = 0; o < size; o += seq) {
      double dot = 0;
      for (int j = o; j < o + seq; j++) {
        dot += p[j] * d[j];
      }
      float c = (float) dot;
      for (int j = o; j < o + seq; j++) {
        d[j] = p[j] * (d[j] - c);
      }
    }
  }

  private void softmaxBackward(double[] p, double[] d, int size) {
    for (int o = 0; o < size; o += seq) {
      double dot = 0;
      for (int j = o; j < o + seq; j++) {
        dot += p[j] * d[j];
      }
      for (int j = o; j < o + seq; j++) {
        d[j] = p[j] * (d[j] - dot);
      }
    }
  }

  private NativeMatrix query(NativeMatrix m, int b, int h) {
    return m.block(b * seq, h * headSize, seq, headSize);
  }

  private NativeMatrix key(NativeMatrix m, int b, int h) {
    return m.block(b * seq, hidden + h * headSize, seq, headSize);
  }

  private NativeMatrix value(NativeMatrix m, int b, int h) {
    return m.block(b * seq, 2 * hidden + h * headSize, seq, headSize);
  }

  private NativeMatrix head(NativeMatrix m, int b, int h) {
    return m.block(b * seq, h * headSize, seq, headSize);
  }

  private NativeMatrix scores(NativeMatrix m, int b, int h) {
    return m.rows((b * heads + h) * seq, seq);
  }
}
