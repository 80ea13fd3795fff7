package io.d2ora.core.adapter;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Small seeded updates for tests: DoRA modules plus a classifier head. */
public final class TestUpdates {
  public static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  public static final ContentHash BASE_MODEL_HASH = ContentHash.parse("ab".repeat(32));
  public static final String[] MODULES = {
    "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.value"
  };
  public static final int OUT = 6;
  public static final int IN = 5;
  public static final int R = 2;
  public static final int LABELS = 2;

  private TestUpdates() {}

  public static AdapterConfig config() {
    return new AdapterConfig(
        "sentence-transformers/all-MiniLM-L6-v2",
        "SEQ_CLS",
        R,
        16,
        0.05,
        List.of("query", "value"),
        true,
        false,
        List.of("classifier"));
  }

  public static AdapterLayout layout() {
    AdapterLayout.Builder b = AdapterLayout.builder();
    for (String m : MODULES) {
      b.dora(m, OUT, IN, R);
    }
    return b.tensor(PeftNames.saved("classifier", "weight"), LABELS, IN)
        .tensor(PeftNames.saved("classifier", "bias"), LABELS)
        .build();
  }

  /** A random update fitting {@link #layout()}, values ~ N(0, 1). */
  public static AdapterUpdate random(long seed, long numSamples) {
    Random rnd = new Random(seed);
    Map<String, FloatTensor> tensors = new TreeMap<>();
    layout()
        .shapes()
        .forEach(
            (name, shape) -> {
              float[] data = new float[(int) FloatTensor.elementCount(shape)];
              for (int i = 0; i < data.length; i++) {
                data[i] = (float) rnd.nextGaussian();
              }
              tensors.put(name, FloatTensor.of(data, shape));
            });
    return AdapterUpdate.of(tensors, config(), metadata(numSamples));
  }

  public static UpdateMetadata metadata(long numSamples) {
    return UpdateMetadata.local(31337, REGISTRY, 1, BASE_MODEL_HASH, numSamples);
  }
}
