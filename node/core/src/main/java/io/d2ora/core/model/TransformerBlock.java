package io.d2ora.core.model;

import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.LinearGroup;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.ProductLayer;
import io.d2ora.core.nn.RowBuffer;
import java.util.List;

/**
 * One post-norm BERT layer (Devlin et al. 2019): {@code h = LN(x + Attn(x))}, {@code y = LN(h + W2
 * gelu(W1 h))}. Each of the six linear maps is a {@link ProductLayer}: frozen, or adapted
 * (DoRA/LoRA) when targeted. Query, key and value form one {@link LinearGroup} (one GEMM of width
 * 3H each way). The block owns the activations its backward needs; everything else comes from the
 * encoder's {@link EncoderWorkspace}. Backward accumulates the adapters' gradients and returns
 * dL/dx when asked.
 */
final class TransformerBlock {
  private final List<ProductLayer> linears;
  private final LinearGroup projection;
  private final LinearGroup attentionOutput;
  private final LinearGroup intermediate;
  private final LinearGroup output;
  private final LayerNorm attentionNorm;
  private final LayerNorm outputNorm;
  private final SelfAttention attention;
  private final Gelu gelu;
  private final int heads;
  private final EncoderWorkspace workspace;
  private final boolean[] trainable = new boolean[6];
  private final RowBuffer projections;
  private final RowBuffer probabilities;
  private final RowBuffer context;
  private final RowBuffer attended;
  private final RowBuffer activations;
  private final RowBuffer outputs;
  private final int index;
  private boolean outputReadInBackward;
  private int[] lengths;
  private int seq;

  /**
   * @param linears in the order query, key, value, attention output, intermediate, output
   * @param index the block's position (picks one of the two shared output buffers)
   */
  TransformerBlock(
      List<ProductLayer> linears,
      LayerNorm attentionNorm,
      LayerNorm outputNorm,
      BertConfig config,
      EncoderWorkspace workspace,
      int index) {
    this.index = index;
    this.linears = List.copyOf(linears);
    for (int i = 0; i < trainable.length; i++) {
      trainable[i] = !linears.get(i).trainableParameters().isEmpty();
    }
    HostBuffer callerScratch = workspace.scratch.get(0);
    this.projection = new LinearGroup(linears.subList(0, 3), callerScratch);
    this.attentionOutput = new LinearGroup(List.of(linears.get(3)), callerScratch);
    this.intermediate = new LinearGroup(List.of(linears.get(4)), callerScratch);
    this.output = new LinearGroup(List.of(linears.get(5)), callerScratch);
    this.attentionNorm = attentionNorm;
    this.outputNorm = outputNorm;
    this.heads = config.numHeads();
    this.attention = new SelfAttention(heads, config.headSize(), workspace.scratch);
    this.gelu = new Gelu(workspace.scratch);
    this.workspace = workspace;
    var type = linears.get(0).dataType();
    int h = config.hiddenSize();
    this.projections = new RowBuffer(type, projection.width());
    this.probabilities = new RowBuffer(type, 1);
    this.context = new RowBuffer(type, h);
    this.attended = new RowBuffer(type, h);
    this.activations = new RowBuffer(type, config.intermediateSize());
    this.outputs = new RowBuffer(type, h);
  }

  List<ProductLayer> linears() {
    return linears;
  }

  /** Whether the next block's projections train, so they read this block's output in backward. */
  void outputReadInBackward(boolean read) {
    this.outputReadInBackward = read;
  }

  /** Own storage when backward reads the activation, else the encoder's shared one. */
  private NativeMatrix rows(RowBuffer own, RowBuffer shared, boolean kept, int n) {
    return kept ? own.rows(n) : shared.rows(n);
  }

  /**
   * @param x {@code [B*T, H]}, kept until backward when training
   * @return {@code [B*T, H]} in this block's storage, valid until its next forward
   */
  NativeMatrix forward(NativeMatrix x, int[] lengths, int seq, boolean training) {
    int n = x.rows();
    EncoderWorkspace w = workspace;
    NativeMatrix qkv = rows(projections, w.projections, training, n);
    projection.forward(x, qkv, training);
    NativeMatrix probs =
        rows(probabilities, w.probabilities, training, n * heads * seq).reshape(n * heads, seq);
    NativeMatrix ctx = rows(context, w.context, training && trainable[3], n);
    attention.forward(qkv, lengths, seq, probs, ctx, training);
    NativeMatrix dense = w.denseOutput.rows(n);
    attentionOutput.forward(ctx, dense, training);
    NativeMatrix h = rows(attended, w.attended, training && trainable[4], n);
    attentionNorm.forward(dense, x, h, training);
    NativeMatrix act = rows(activations, w.activations, training && trainable[5], n);
    intermediate.forward(h, act, training);
    gelu.forward(act, act, training);
    output.forward(act, dense, training);
    NativeMatrix y = rows(outputs, w.outputs[index % 2], training && outputReadInBackward, n);
    outputNorm.forward(dense, h, y, training);
    this.lengths = training ? lengths : null;
    this.seq = seq;
    return y;
  }

  /**
   * @param dy dL/dy {@code [B*T, H]}
   * @param dx where to write dL/dx, or null in the lowest block that trains: then no input gradient
   *     is formed and the projections that only feed it are skipped
   * @return dx
   */
  NativeMatrix backward(NativeMatrix dy, NativeMatrix dx) {
    if (lengths == null) {
      throw new IllegalStateException("block backward without a training forward");
    }
    int n = dy.rows();
    NativeMatrix dSum2 = workspace.normGradient.rows(n);
    outputNorm.backward(dy, null, dSum2);
    NativeMatrix dAct = workspace.intermediateGradient.rows(n);
    output.backward(dSum2, dAct, false);
    gelu.backward(dAct, dAct);
    NativeMatrix dh = workspace.hiddenGradient.rows(n);
    intermediate.backward(dAct, dh, false);
    NativeMatrix dSum1 = workspace.attentionNormGradient.rows(n);
    attentionNorm.backward(dh, dSum2, dSum1);
    NativeMatrix dCtx = workspace.contextGradient.rows(n);
    attentionOutput.backward(dSum1, dCtx, false);
    NativeMatrix dqkv = workspace.projectionGradient.rows(n);
    NativeMatrix dScores = workspace.scoreGradient.rows(n * heads * seq).reshape(n * heads, seq);
    boolean all = dx != null;
    attention.backward(
        dCtx, dqkv, dScores, all || trainable[0], all || trainable[1], all || trainable[2]);
    lengths = null;
    if (dx == null) {
      projection.backward(dqkv, null, false);
      return null;
    }
    dx.copyFrom(dSum1);
    projection.backward(dqkv, dx, true);
    return dx;
  }

  boolean trains() {
    for (boolean t : trainable) {
      if (t) {
        return true;
      }
    }
    return false;
  }
}
