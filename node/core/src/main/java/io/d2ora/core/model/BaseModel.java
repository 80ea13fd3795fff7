package io.d2ora.core.model;

import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.store.ContentHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pretrained BERT checkpoint with its tokenizer, loaded once per process: a model directory holds
 * {@code model.onnx} and {@code tokenizer.json}. Encoders built from it share its frozen weight
 * arrays, so a node can build a fresh adapted encoder every round for the cost of the adapters.
 *
 * <p>The weights are kept once, as float32 ND4J arrays (native memory); the heap copy the loader
 * produced is dropped after hashing (90 MB for MiniLM), and {@link #checkpoint()} rebuilds it on
 * demand. Thread-safe: loading and array conversion are synchronised; encoders themselves are not.
 */
public final class BaseModel {
  public static final String MODEL_FILE = "model.onnx";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  private static final Map<Path, BaseModel> LOADED = new ConcurrentHashMap<>();

  private final Path directory;
  private final BertConfig config;
  private final Tokenizer tokenizer;
  private final ContentHash hash;
  private final Map<DataType, Map<String, INDArray>> arrays = new HashMap<>();

  private BaseModel(Path directory, BertCheckpoint checkpoint, Tokenizer tokenizer) {
    this.directory = directory;
    this.config = checkpoint.config();
    this.tokenizer = tokenizer;
    this.hash = checkpoint.hash();
    Map<String, INDArray> floats = new HashMap<>();
    for (WeightTensor t : checkpoint.tensors().values()) {
      long[] shape = java.util.Arrays.stream(t.shape()).asLongStream().toArray();
      floats.put(t.name(), Nd4j.create(t.data(), shape, 'c'));
    }
    arrays.put(DataType.FLOAT, Map.copyOf(floats));
  }

  /** The model in {@code directory}, loading it on first use. */
  public static BaseModel load(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    return LOADED.computeIfAbsent(dir, BaseModel::read);
  }

  /** A model from an in-memory checkpoint (tests: tiny random BERTs); not cached. */
  public static BaseModel of(BertCheckpoint checkpoint, Tokenizer tokenizer) {
    return new BaseModel(null, checkpoint, tokenizer);
  }

  private static BaseModel read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelFormatException("model directory not found: " + dir);
    }
    BertCheckpoint checkpoint = OnnxBertLoader.load(dir.resolve(MODEL_FILE));
    return new BaseModel(dir, checkpoint, HuggingFaceTokenizers.load(dir.resolve(TOKENIZER_FILE)));
  }

  /** Where the model was loaded from; null for an in-memory model. */
  public Path directory() {
    return directory;
  }

  /** The directory's name (e.g. {@code all-minilm-l6-v2}), or "in-memory". */
  public String name() {
    return directory == null ? "in-memory" : directory.getFileName().toString();
  }

  public BertConfig config() {
    return config;
  }

  /** The weights as a checkpoint, rebuilt from the float32 arrays (a fresh heap copy per call). */
  public BertCheckpoint checkpoint() {
    Map<String, WeightTensor> tensors = new HashMap<>();
    weights(DataType.FLOAT)
        .forEach(
            (name, a) -> {
              int[] shape = java.util.Arrays.stream(a.shape()).mapToInt(Math::toIntExact).toArray();
              tensors.put(name, new WeightTensor(name, shape, a.dup('c').data().asFloat()));
            });
    return new BertCheckpoint(config, tensors);
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The weights' {@link BertCheckpoint#hash()}, computed once at load. */
  public ContentHash hash() {
    return hash;
  }

  /** A float32 encoder with the given adapters (null: none). */
  public BertEncoder encoder(AdapterSpec spec) {
    return encoder(spec, DataType.FLOAT);
  }

  public BertEncoder encoder(AdapterSpec spec, DataType dataType) {
    return new BertEncoder(config(), weights(dataType), spec);
  }

  private synchronized Map<String, INDArray> weights(DataType dataType) {
    return arrays.computeIfAbsent(
        dataType,
        type -> {
          Map<String, INDArray> out = new HashMap<>();
          arrays.get(DataType.FLOAT).forEach((name, a) -> out.put(name, a.castTo(type)));
          return Map.copyOf(out);
        });
  }
}
