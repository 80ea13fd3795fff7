package io.d2ora.core.model;

import io.d2ora.core.nn.Layer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One post-norm BERT layer (Devlin et al. 2019): {@code h = LN(x + Attn(x))}, {@code y = LN(h +
 * W2 gelu(W1 h))}. Each of the six linear maps is a {@link Layer}: frozen, or adapted (DoRA/LoRA)
 * when targeted. Backward accumulates the adapters' gradients and returns dL/dx when asked.
 */
final class TransformerBlock {
  private final Layer query;
  private final Layer key;
  private final Layer value;
  private final Layer attentionOutput;
  private final LayerNorm attentionNorm;
  private final Layer intermediate;
  private final Layer output;
  private final LayerNorm outputNorm;
  private final SelfAttention attention;
  private final Gelu gelu = new Gelu();

  /** Linear layers in the order query, key, value, attention output, intermediate, output. */
  TransformerBlock(
      List<Layer> linears, LayerNorm attentionNorm, LayerNorm outputNorm, BertConfig config) {
    this.query = linears.get(0);
    this.key = linears.get(1);
    this.value = linears.get(2);
    this.attentionOutput = linears.get(3);
    this.intermediate = linears.get(4);
    this.output = linears.get(5);
    this.attentionNorm = attentionNorm;
    this.outputNorm = outputNorm;
    this.attention = new SelfAttention(config.numHeads(), config.headSize());
  }

  List<Layer> linears() {
    return List.of(query, key, value, attentionOutput, intermediate, output);
  }

  INDArray forward(INDArray x, INDArray maskBias, boolean training) {
    INDArray context =
        attention.forward(
            query.forward(x, training),
            key.forward(x, training),
            value.forward(x, training),
            maskBias,
            training);
    INDArray h = attentionNorm.forward(attentionOutput.forward(context, training).addi(x), training);
    INDArray inner = gelu.forward(intermediate.forward(h, training), training);
    return outputNorm.forward(output.forward(inner, training).addi(h), training);
  }

  /**
   * @param dy dL/dy {@code [B*T, H]}
   * @param needInputGradient false in the lowest block that trains anything: then frozen
   *     projections whose only use is dL/dx are skipped and null is returned
   */
  INDArray backward(INDArray dy, boolean needInputGradient) {
    INDArray dSum2 = outputNorm.backward(dy);
    INDArray dInner = gelu.backward(output.backward(dSum2));
    INDArray dh = intermediate.backward(dInner).addi(dSum2);
    INDArray dSum1 = attentionNorm.backward(dh);
    INDArray[] dqkv = attention.backward(attentionOutput.backward(dSum1));
    INDArray dx = needInputGradient ? dSum1 : null;
    Layer[] projections = {query, key, value};
    for (int i = 0; i < 3; i++) {
      if (needInputGradient || !projections[i].trainableParameters().isEmpty()) {
        INDArray d = projections[i].backward(dqkv[i]);
        if (dx != null) {
          dx.addi(d);
        }
      }
    }
    return dx;
  }

  boolean trains() {
    return linears().stream().anyMatch(l -> !l.trainableParameters().isEmpty());
  }
}
