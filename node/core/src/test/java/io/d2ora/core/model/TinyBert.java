package io.d2ora.core.model;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** A small random BERT checkpoint for gradient checks: weights ~ N(0, 0.3^2), norms near 1. */
final class TinyBert {
  static final BertConfig CONFIG = new BertConfig(30, 8, 2, 2, 16, 16, 2, 1e-12);

  private TinyBert() {}

  static BertCheckpoint checkpoint(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    BertConfig c = CONFIG;
    int h = c.hiddenSize();
    Map<String, WeightTensor> t = new HashMap<>();
    put(t, r, "embeddings.word_embeddings.weight", 1.0, 0, c.vocabSize(), h);
    put(t, r, "embeddings.position_embeddings.weight", 0.3, 0, c.maxPositions(), h);
    put(t, r, "embeddings.token_type_embeddings.weight", 0.3, 0, c.typeVocabSize(), h);
    norm(t, r, "embeddings.LayerNorm", h);
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "encoder.layer." + i + ".";
      for (String m : new String[] {"query", "key", "value"}) {
        dense(t, r, p + "attention.self." + m, h, h);
      }
      dense(t, r, p + "attention.output.dense", h, h);
      norm(t, r, p + "attention.output.LayerNorm", h);
      dense(t, r, p + "intermediate.dense", h, c.intermediateSize());
      dense(t, r, p + "output.dense", c.intermediateSize(), h);
      norm(t, r, p + "output.LayerNorm", h);
    }
    return new BertCheckpoint(c, t);
  }

  private static void dense(Map<String, WeightTensor> t, SplittableRandom r, String m, int in, int out) {
    put(t, r, m + ".weight", 1 / Math.sqrt(in), 0, out, in);
    put(t, r, m + ".bias", 0.1, 0, out);
  }

  private static void norm(Map<String, WeightTensor> t, SplittableRandom r, String m, int h) {
    put(t, r, m + ".weight", 0.1, 1, h);
    put(t, r, m + ".bias", 0.1, 0, h);
  }

  private static void put(
      Map<String, WeightTensor> t, SplittableRandom r, String name, double std, double mean,
      int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      double u = 1 - r.nextDouble();
      data[i] = (float) (mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
    }
    t.put(name, new WeightTensor(name, shape, data));
  }

  /** Two sequences of different lengths (so padding is exercised). */
  static TokenBatch batch() {
    return TokenBatch.of(new int[][] {{1, 5, 7, 9, 11, 2}, {1, 4, 3, 2}, {1, 8, 2}});
  }
}
