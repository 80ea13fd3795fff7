package io.d2ora.core.model;

import io.d2ora.core.dora.AdaptedLinear;
import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.dora.Adapters;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.ProductLayer;
import io.d2ora.core.nn.RowBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A BERT encoder on ND4J with a hand-written backward pass: embeddings (word + position + token
 * type 0, then layer norm) and {@link BertConfig#numLayers()} {@link TransformerBlock}s. Base
 * weights are frozen and shared with the {@link BaseModel} that built the encoder; the linear maps
 * an {@link AdapterSpec} targets are wrapped in DoRA/LoRA layers. Backward stops at the lowest
 * block that trains anything: nothing below it needs a gradient, and in that block only the adapted
 * projections get one.
 *
 * <p>Activations live in buffers the encoder and its blocks reuse from step to step ({@link
 * EncoderWorkspace}); they grow to the largest batch seen, after which a training step allocates no
 * native memory.
 *
 * <p>Call order: {@code forward(batch, true)} then at most one {@code backward}. Not thread-safe.
 */
public final class BertEncoder {
  private final BertConfig config;
  private final DataType dataType;
  private final NativeMatrix wordEmbeddings;
  private final double[] positionEmbeddings;
  private final double[] typeEmbedding;
  private final LayerNorm embeddingNorm;
  private final EncoderWorkspace workspace;
  private final RowBuffer embeddings;
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
    INDArray words = weights.get("embeddings.word_embeddings.weight");
    this.dataType = words.dataType();
    this.wordEmbeddings = NativeMatrix.of(words);
    this.positionEmbeddings =
        NativeMatrix.of(weights.get("embeddings.position_embeddings.weight")).toDoubles();
    this.typeEmbedding =
        NativeMatrix.of(weights.get("embeddings.token_type_embeddings.weight"))
            .rows(0, 1)
            .toDoubles();
    this.workspace = new EncoderWorkspace(config, dataType);
    this.embeddings = new RowBuffer(dataType, config.hiddenSize());
    this.embeddingNorm = norm(weights, "embeddings.LayerNorm");
    int lowest = Integer.MAX_VALUE;
    for (int i = 0; i < config.numLayers(); i++) {
      String p = "encoder.layer." + i + ".";
      List<ProductLayer> linears = new ArrayList<>();
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
        ProductLayer layer = spec == null ? base : Adapters.wrapIfTargeted(base, spec);
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
              config,
              workspace,
              i);
      if (block.trains()) {
        lowest = Math.min(lowest, i);
      }
      blocks.add(block);
    }
    this.lowestTrainingBlock = lowest;
    for (int i = 0; i + 1 < blocks.size(); i++) {
      List<ProductLayer> next = blocks.get(i + 1).linears();
      blocks
          .get(i)
          .outputReadInBackward(
              next.subList(0, 3).stream().anyMatch(l -> !l.trainableParameters().isEmpty()));
    }
  }

  private LayerNorm norm(Map<String, INDArray> weights, String module) {
    return new LayerNorm(
        Parameter.frozen(module + ".weight", weights.get(module + ".weight")),
        Parameter.frozen(module + ".bias", weights.get(module + ".bias")),
        config.layerNormEps(),
        workspace.scratch,
        workspace.residualScratch);
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
   * The last hidden state {@code [B*T, H]} (row {@code b*T + t} is token t of sequence b), as a
   * fresh array.
   *
   * @param training cache what backward needs (only in blocks that train) and apply adapter dropout
   */
  public INDArray forward(TokenBatch batch, boolean training) {
    return hidden(batch, training).toArray();
  }

  /** As {@link #forward}, but a view of the top block's storage, valid until the next forward. */
  NativeMatrix hidden(TokenBatch batch, boolean training) {
    if (batch.seqLen() > config.maxPositions()) {
      throw new IllegalArgumentException(
          "sequence length: expected <= " + config.maxPositions() + ", got " + batch.seqLen());
    }
    NativeMatrix x = embed(batch);
    for (int i = 0; i < blocks.size(); i++) {
      boolean cache = training && i >= lowestTrainingBlock;
      x = blocks.get(i).forward(x, batch.lengths(), batch.seqLen(), cache);
    }
    trainedUpTo = training && trains() ? lowestTrainingBlock : -1;
    return x;
  }

  /** Back-propagates dL/dHidden {@code [B*T, H]} into the adapters' gradients. */
  void backward(NativeMatrix dHidden) {
    if (trainedUpTo < 0) {
      throw new IllegalStateException("backward without a training forward of a trainable encoder");
    }
    NativeMatrix g = dHidden;
    int n = dHidden.rows();
    for (int i = blocks.size() - 1; i >= trainedUpTo; i--) {
      NativeMatrix dx = i > trainedUpTo ? workspace.inputGradients[i % 2].rows(n) : null;
      g = blocks.get(i).backward(g, dx);
    }
    trainedUpTo = -1;
  }

  /** Word + position + token-type-0 embeddings, then the embedding layer norm. */
  private NativeMatrix embed(TokenBatch batch) {
    int t = batch.seqLen();
    int h = config.hiddenSize();
    int n = batch.batchSize() * t;
    for (int id : batch.ids()) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "token id: expected in [0, " + config.vocabSize() + "), got " + id);
      }
    }
    NativeMatrix out = embeddings.rows(n);
    int[] ids = batch.ids();
    if (dataType == DataType.FLOAT) {
      float[] x = workspace.scratch.get(0).floats(n * h);
      for (int r = 0; r < n; r++) {
        wordEmbeddings.rows(ids[r], 1).read(x, r * h);
        int p = (r % t) * h;
        for (int j = 0; j < h; j++) {
          x[r * h + j] =
              x[r * h + j] + (float) positionEmbeddings[p + j] + (float) typeEmbedding[j];
        }
      }
      out.write(x, 0);
    } else {
      double[] x = workspace.scratch.get(0).doubles(n * h);
      for (int r = 0; r < n; r++) {
        wordEmbeddings.rows(ids[r], 1).read(x, r * h);
        int p = (r % t) * h;
        for (int j = 0; j < h; j++) {
          x[r * h + j] = x[r * h + j] + positionEmbeddings[p + j] + typeEmbedding[j];
        }
      }
      out.write(x, 0);
    }
    embeddingNorm.forward(out, null, out, false);
    return out;
  }
}
