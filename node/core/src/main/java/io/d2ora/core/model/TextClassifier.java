package io.d2ora.core.model;

import io.d2ora.core.dora.AdaptedLinear;
import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.RowBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sequence classification on a {@link BertEncoder}: mean of the last hidden states over real
 * (non-padding) tokens, as sentence-transformers pool all-MiniLM-L6-v2, then dropout and a
 * trainable {@code classifier} Linear(hidden, labels). The encoder's adapters and the head are the
 * trainable state, exchanged as a name-to-tensor map ({@link #state()}, {@link #loadState}).
 *
 * <p>Call order per step: {@code forward(batch, true)}, {@code backward(dLogits)}. Not thread-safe.
 */
public final class TextClassifier {
  public static final String HEAD = "classifier";
  private final BaseModel base;
  private final BertEncoder encoder;
  private final Linear head;
  private final double dropout;
  private final SplittableRandom random;
  private final RowBuffer hiddenGradient;
  private TokenBatch pooledBatch;
  private double[] dropoutMask;

  private TextClassifier(
      BaseModel base, BertEncoder encoder, Linear head, double dropout, long seed) {
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("head dropout: expected in [0, 1), got " + dropout);
    }
    this.base = base;
    this.encoder = encoder;
    this.head = head;
    this.dropout = dropout;
    this.random = new SplittableRandom(seed);
    this.hiddenGradient = new RowBuffer(encoder.dataType(), encoder.config().hiddenSize());
  }

  /**
   * A classifier with a fresh head: weight N(0, 0.02^2) as BERT initialises linears, bias 0.
   *
   * @param spec adapters for the encoder, or null to train the head alone
   */
  public static TextClassifier create(
      BaseModel base,
      AdapterSpec spec,
      int numLabels,
      double headDropout,
      long seed,
      DataType dataType) {
    if (numLabels < 2) {
      throw new IllegalArgumentException("numLabels: expected >= 2, got " + numLabels);
    }
    BertEncoder encoder = base.encoder(spec, dataType);
    int hidden = base.config().hiddenSize();
    SplittableRandom init = new SplittableRandom(seed);
    double[] w = new double[numLabels * hidden];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.02 * gaussian(init);
    }
    INDArray weight = Nd4j.create(w, new long[] {numLabels, hidden}, 'c').castTo(dataType);
    Linear head = Linear.trainable(HEAD, weight, Nd4j.zeros(dataType, numLabels));
    return new TextClassifier(base, encoder, head, headDropout, seed + 1);
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The pretrained model under the adapters (its tokenizer, hash and config). */
  public BaseModel base() {
    return base;
  }

  public BertEncoder encoder() {
    return encoder;
  }

  public Linear head() {
    return head;
  }

  public int numLabels() {
    return (int) head.outFeatures();
  }

  /** Logits {@code [B, labels]}. */
  public INDArray forward(TokenBatch batch, boolean training) {
    INDArray pooled = pool(batch, encoder.hidden(batch, training));
    dropoutMask = null;
    if (training && dropout > 0) {
      dropoutMask = dropoutMask((int) pooled.length());
      multiply(pooled, dropoutMask);
    }
    pooledBatch = training ? batch : null;
    return head.forward(pooled, training);
  }

  /** Mean-pooled last hidden states {@code [B, H]} (sentence embeddings), no dropout. */
  public INDArray embed(TokenBatch batch) {
    return pool(batch, encoder.hidden(batch, false));
  }

  /** Row b is the mean of sequence b's real tokens' hidden states. */
  private INDArray pool(TokenBatch batch, NativeMatrix hidden) {
    INDArray pooled = Nd4j.create(encoder.dataType(), batch.batchSize(), hidden.cols());
    NativeMatrix out = NativeMatrix.of(pooled);
    int t = batch.seqLen();
    for (int b = 0; b < batch.batchSize(); b++) {
      int len = batch.lengths()[b];
      Blas.addColumnSums(hidden.rows(b * t, len), out.rows(b, 1), 1.0 / len);
    }
    return pooled;
  }

  /** Accumulates gradients of the head and (if it trains) the encoder's adapters. */
  public void backward(INDArray dLogits) {
    if (pooledBatch == null) {
      throw new IllegalStateException("backward without a training forward");
    }
    INDArray dPooled = head.backward(dLogits);
    if (dropoutMask != null) {
      multiply(dPooled, dropoutMask);
    }
    if (encoder.trains()) {
      encoder.backward(unpool(pooledBatch, NativeMatrix.of(dPooled)));
    }
    pooledBatch = null;
  }

  /** dL/dHidden of the mean pooling: row b·T + t is dPooled[b] / len_b for real tokens, else 0. */
  private NativeMatrix unpool(TokenBatch batch, NativeMatrix dPooled) {
    int t = batch.seqLen();
    NativeMatrix g = hiddenGradient.rows(batch.batchSize() * t);
    g.zero();
    for (int b = 0; b < batch.batchSize(); b++) {
      int len = batch.lengths()[b];
      Blas.addToRows(g.rows(b * t, len), dPooled.rows(b, 1), 1.0 / len);
    }
    return g;
  }

  /** Head and adapter parameters that train, for the optimizer. */
  public List<Parameter> trainableParameters() {
    List<Parameter> out = new ArrayList<>();
    for (AdaptedLinear layer : encoder.adaptedLayers()) {
      layer.adapterParameters().stream().filter(Parameter::trainable).forEach(out::add);
    }
    out.addAll(head.parameters());
    return out;
  }

  /**
   * The state an update carries, by parameter name: every adapter tensor (A, B, magnitude, also
   * those frozen in magnitude-only mode, so the file keeps PEFT's layout), then the head. A frozen
   * by {@link io.d2ora.core.dora.AdapterSpec#freezeA()} is not state: every peer regenerates it.
   */
  public Map<String, WeightTensor> state() {
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    for (AdaptedLinear layer : encoder.adaptedLayers()) {
      stateParameters(layer).forEach(p -> out.put(p.name(), toHost(p)));
    }
    head.parameters().forEach(p -> out.put(p.name(), toHost(p)));
    return out;
  }

  /**
   * Overwrites adapter and head tensors from {@code state} (e.g. the previous round's aggregate).
   *
   * @throws IllegalArgumentException if a tensor is missing, unknown or has the wrong shape
   */
  public void loadState(Map<String, WeightTensor> state) {
    Map<String, Parameter> targets = new LinkedHashMap<>();
    for (AdaptedLinear layer : encoder.adaptedLayers()) {
      stateParameters(layer).forEach(p -> targets.put(p.name(), p));
    }
    head.parameters().forEach(p -> targets.put(p.name(), p));
    if (!targets.keySet().equals(state.keySet())) {
      throw new IllegalArgumentException(
          "state tensors: expected " + targets.keySet() + ", got " + state.keySet());
    }
    for (Parameter p : targets.values()) {
      WeightTensor t = state.get(p.name());
      long[] shape = java.util.Arrays.stream(t.shape()).asLongStream().toArray();
      if (!java.util.Arrays.equals(shape, p.shape())) {
        throw new IllegalArgumentException(
            p.name()
                + ": expected shape "
                + java.util.Arrays.toString(p.shape())
                + ", got "
                + java.util.Arrays.toString(shape));
      }
      p.value().assign(Nd4j.create(t.data(), shape, 'c').castTo(p.dataType()));
    }
  }

  private static List<Parameter> stateParameters(AdaptedLinear layer) {
    if (!layer.spec().freezeA()) {
      return layer.adapterParameters();
    }
    return layer.adapterParameters().stream().filter(p -> p != layer.loraA()).toList();
  }

  private static WeightTensor toHost(Parameter p) {
    int[] shape = java.util.Arrays.stream(p.shape()).mapToInt(Math::toIntExact).toArray();
    return new WeightTensor(
        p.name(), shape, p.value().castTo(DataType.FLOAT).dup('c').data().asFloat());
  }

  /** Inverted dropout mask for the pooled embeddings: 0 or 1/keep per entry. */
  private double[] dropoutMask(int size) {
    double keep = 1 - dropout;
    double[] mask = new double[size];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < keep ? 1 / keep : 0;
    }
    return mask;
  }

  /** {@code a *= mask} element-wise on a small c-ordered array. */
  private static void multiply(INDArray a, double[] mask) {
    NativeMatrix m = NativeMatrix.of(a);
    double[] values = m.toDoubles();
    for (int i = 0; i < values.length; i++) {
      values[i] *= mask[i];
    }
    m.fromDoubles(values);
  }
}
