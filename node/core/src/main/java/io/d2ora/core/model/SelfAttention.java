package io.d2ora.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scaled dot-product attention over all heads at once (Vaswani et al. 2017, eq. 1): {@code
 * softmax(Q K^T / sqrt(d) + mask) V}, computed as batched matmuls over {@code [batch * heads, T,
 * d]}. Padding keys get a large negative bias so their probability is exactly 0 in float32.
 *
 * <p>Backward, with {@code P} the probabilities and {@code G} = dL/dContext: {@code dV = P^T G},
 * {@code dP = G V^T}, {@code dS = P * (dP - rowsum(dP * P)) / sqrt(d)}, {@code dQ = dS K}, {@code
 * dK = dS^T Q}.
 */
final class SelfAttention {
  static final double MASKED = -1e9;
  private final int heads;
  private final int headSize;
  private final double scale;
  private int batch;
  private int seq;
  private INDArray q3;
  private INDArray k3;
  private INDArray v3;
  private INDArray probs;

  SelfAttention(int heads, int headSize) {
    this.heads = heads;
    this.headSize = headSize;
    this.scale = 1 / Math.sqrt(headSize);
  }

  /**
   * @param q queries {@code [B*T, H]}; likewise k and v
   * @param maskBias {@code [B, T]}: 0 for real tokens, {@link #MASKED} for padding
   * @return the context {@code [B*T, H]}
   */
  INDArray forward(INDArray q, INDArray k, INDArray v, INDArray maskBias, boolean training) {
    batch = (int) maskBias.size(0);
    seq = (int) maskBias.size(1);
    INDArray qh = toHeads(q);
    INDArray kh = toHeads(k);
    INDArray vh = toHeads(v);
    INDArray scores = Nd4j.matmul(qh, kh, false, true, false).muli(scale);
    INDArray byBatch = scores.reshape('c', batch, (long) heads * seq, seq);
    Nd4j.exec(new BroadcastAddOp(byBatch, maskBias, byBatch, 0, 2));
    INDArray rows = scores.reshape('c', (long) batch * heads * seq, seq);
    Nd4j.exec(new SoftMax(rows, rows, 1));
    INDArray context = fromHeads(Nd4j.matmul(scores, vh));
    if (training) {
      q3 = qh;
      k3 = kh;
      v3 = vh;
      probs = scores;
    }
    return context;
  }

  /** Returns {dQ, dK, dV}, each {@code [B*T, H]}. */
  INDArray[] backward(INDArray dContext) {
    if (probs == null) {
      throw new IllegalStateException("attention backward without a training forward");
    }
    INDArray g = toHeads(dContext);
    INDArray dv = Nd4j.matmul(probs, g, true, false, false);
    INDArray dp = Nd4j.matmul(g, v3, false, true, false);
    INDArray p2 = probs.reshape('c', (long) batch * heads * seq, seq);
    INDArray dp2 = dp.reshape('c', (long) batch * heads * seq, seq);
    INDArray rowSum = dp2.mul(p2).sum(true, 1);
    dp2.subiColumnVector(rowSum).muli(p2).muli(scale);
    INDArray dq = Nd4j.matmul(dp, k3);
    INDArray dk = Nd4j.matmul(dp, q3, true, false, false);
    q3 = k3 = v3 = probs = null;
    return new INDArray[] {fromHeads(dq), fromHeads(dk), fromHeads(dv)};
  }

  private INDArray toHeads(INDArray x) {
    return x.reshape('c', batch, seq, heads, headSize)
        .permute(0, 2, 1, 3)
        .dup('c')
        .reshape('c', (long) batch * heads, seq, headSize);
  }

  private INDArray fromHeads(INDArray x) {
    return x.reshape('c', batch, heads, seq, headSize)
        .permute(0, 2, 1, 3)
        .dup('c')
        .reshape('c', (long) batch * seq, (long) heads * headSize);
  }
}
