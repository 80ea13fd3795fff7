package io.d2ora.core.model;

import io.d2ora.core.dora.AdaptedLinear;
import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.dora.Adapters;
import io.d2ora.core.nn.Layer;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A BERT encoder on ND4J with a hand-written backward pass: embeddings (word + position + token
 * type 0, then layer norm) and {@link BertConfig#numLayers()} {@link TransformerBlock}s. Base
 * weights are frozen and shared with the {@link BaseModel} that built the encoder; the linear maps
 * an {@link AdapterSpec} targets are wrapped in DoRA/LoRA layers. Backward stops at the lowest
 * block that trains anything: nothing below it needs a gradient.
 *
 * <p>Call order: {@code forward(batch, true)} then at most one {@code backward}. Not thread-safe.
 */
public final class BertEncoder {
  private final BertConfig config;
  private final DataType dataType;
  private final INDArray wordEmbeddings;
  private final INDArray positionEmbeddings;
  private final INDArray typeEmbedding;
  private final LayerNorm embeddingNorm;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final List<AdaptedLinear> adapted = new ArrayList<>();
  private final int lowestTrainingBlock;
  private int trainedUpTo = -1;

  /**
   * @param weights the checkpoint's tensors as arrays of one data type, by state-dict name
   * @param spec adapters to attach, or null for the plain (frozen) encoder
   */
  BertEncoder(BertConfig config, Map<String, INDArray> weights, AdapterSpec spec) {
    this.config = config;
    this.wordEmbeddings = weights.get("embeddings.word_embeddings.weight");
    this.dataType = wordEmbeddings.dataType();
    this.positionEmbeddings = weights.get("embeddings.position_embeddings.weight");
    this.typeEmbedding = weights.get("embeddings.token_type_embeddings.weight").getRow(0, true);
    this.embeddingNorm = norm(weights, "embeddings.LayerNorm");
    int lowest = Integer.MAX_VALUE;
    for (int i = 0; i < config.numLayers(); i++) {
      String p = "encoder.layer." + i + ".";
      List<Layer> linears = new ArrayList<>();
      for (String module :
          List.of(
              "attention.self.query",
              "attention.self.key",
              "attention.self.value",
              "attention.output.dense",
              "intermediate.dense",
              "output.dense")) {
        String name = p + module;
        Linear base =
            Linear.frozen(name, weights.get(name + ".weight"), weights.get(name + ".bias"));
        Layer layer = spec == null ? base : Adapters.wrapIfTargeted(base, spec);
        if (layer instanceof AdaptedLinear a) {
          adapted.add(a);
        }
        linears.add(layer);
      }
      TransformerBlock block =
          new TransformerBlock(
              linears,
              norm(weights, p + "attention.output.LayerNorm"),
              norm(weights, p + "output.LayerNorm"),
              config);
      if (block.trains()) {
        lowest = Math.min(lowest, i);
      }
      blocks.add(block);
    }
    this.lowestTrainingBlock = lowest;
  }

  private LayerNorm norm(Map<String, INDArray> weights, String module) {
    return new LayerNorm(
        Parameter.frozen(module + ".weight", weights.get(module + ".weight")),
        Parameter.frozen(module + ".bias", weights.get(module + ".bias")),
        config.layerNormEps());
  }

  public BertConfig config() {
    return config;
  }

  public DataType dataType() {
    return dataType;
  }

  /** The adapted layers, bottom to top, in module order within a layer. */
  public List<AdaptedLinear> adaptedLayers() {
    return List.copyOf(adapted);
  }

  /** Whether any encoder parameter trains (false: only a head on top would). */
  public boolean trains() {
    return lowestTrainingBlock != Integer.MAX_VALUE;
  }

  /**
   * The last hidden state {@code [B*T, H]} (row {@code b*T + t} is token t of sequence b).
   *
   * @param training cache what backward needs (only in blocks that train) and apply adapter dropout
   */
  public INDArray forward(TokenBatch batch, boolean training) {
    if (batch.seqLen() > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence length: expected <= " + config.maxPositions() + ", got " + batch.seqLen());
    }
    INDArray maskBias = maskBias(batch);
    INDArray x = embeddingNorm.forward(embed(batch), false);
    for (int i = 0; i < blocks.size(); i++) {
      x = blocks.get(i).forward(x, maskBias, training && i >= lowestTrainingBlock);
    }
    trainedUpTo = training && trains() ? lowestTrainingBlock : -1;
    return x;
  }

  /** Back-propagates dL/dHidden {@code [B*T, H]} into the adapters' gradients. */
  public void backward(INDArray dHidden) {
    if (trainedUpTo < 0) {
      throw new IllegalStateException("backward without a training forward of a trainable encoder");
    }
    INDArray g = dHidden;
    for (int i = blocks.size() - 1; i >= trainedUpTo; i--) {
      g = blocks.get(i).backward(g, i > trainedUpTo);
    }
    trainedUpTo = -1;
  }

  private INDArray embed(TokenBatch batch) {
    int t = batch.seqLen();
    for (int id : batch.ids()) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "token id: expected in [0, " + config.vocabSize() + "), got " + id);
      }
    }
    INDArray x = Nd4j.pullRows(wordEmbeddings, 1, batch.ids());
    INDArray positions = positionEmbeddings.get(NDArrayIndex.interval(0, t), NDArrayIndex.all());
    for (int b = 0; b < batch.batchSize(); b++) {
      x.get(NDArrayIndex.interval(b * t, (b + 1) * t), NDArrayIndex.all()).addi(positions);
    }
    return x.addiRowVector(typeEmbedding);
  }

  private INDArray maskBias(TokenBatch batch) {
    INDArray bias = Nd4j.zeros(dataType, batch.batchSize(), batch.seqLen());
    for (int b = 0; b < batch.batchSize(); b++) {
      for (int t = batch.lengths()[b]; t < batch.seqLen(); t++) {
        bias.putScalar(b, t, SelfAttention.MASKED);
      }
    }
    return bias;
  }
}
