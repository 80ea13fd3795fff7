package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterLayout;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.round.Address;
import io.d2ora.core.store.ContentHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Prints aggregation and codec figures at all-MiniLM-L6-v2 scale (6 layers, hidden 384, FFN 1536,
 * DoRA r = 8 on query/key/value/attention output/FFN in/FFN out, 2-label head), 3 peers. Not a
 * test. Run: {@code scripts/bench.sh aggregation}
 */
public final class AggregationBenchmark {
  private AggregationBenchmark() {}

  public static void main(String[] args) {
    int r = 8;
    AdapterLayout.Builder b = AdapterLayout.builder();
    for (int layer = 0; layer < 6; layer++) {
      String p = "bert.encoder.layer." + layer + ".";
      b.dora(p + "attention.self.query", 384, 384, r).dora(p + "attention.self.key", 384, 384, r);
      b.dora(p + "attention.self.value", 384, 384, r)
          .dora(p + "attention.output.dense", 384, 384, r);
      b.dora(p + "intermediate.dense", 1536, 384, r).dora(p + "output.dense", 384, 1536, r);
    }
    AdapterLayout layout =
        b.tensor("base_model.model.classifier.weight", 2, 384)
            .tensor("base_model.model.classifier.bias", 2)
            .build();
    AdapterConfig config =
        new AdapterConfig(
            "sentence-transformers/all-MiniLM-L6-v2",
            "SEQ_CLS",
            r,
            16,
            0.05,
            List.of("query", "key", "value", "dense"),
            true,
            false,
            List.of("classifier"));
    List<AggregationInput> inputs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Random rnd = new Random(i);
      Map<String, FloatTensor> t = new TreeMap<>();
      layout
          .shapes()
          .forEach(
              (name, shape) -> {
                float[] d = new float[(int) FloatTensor.elementCount(shape)];
                for (int j = 0; j < d.length; j++) {
                  d[j] = (float) (0.02 * rnd.nextGaussian());
                }
                t.put(name, FloatTensor.of(d, shape));
              });
      UpdateMetadata m =
          UpdateMetadata.local(
              31337, "0x" + "1".repeat(40), 1, ContentHash.parse("2".repeat(64)), 1000);
      inputs.add(
          AggregationInput.of(
              Address.parse(String.format("0x%040x", i + 1)),
              AdapterUpdate.of(t, config, m),
              1000));
    }
    byte[] file = inputs.get(0).bytes();
    System.out.printf("update file: %d tensors, %d bytes%n", layout.shapes().size(), file.length);
    time("decode (validate) one file", 20, () -> SafetensorsCodec.decode(file));
    time("encode one file", 20, () -> SafetensorsCodec.encode(inputs.get(0).update()));
    for (String id : List.of("fedavg", "exact", "exact:8", "median", "trimmed-mean:0.2")) {
      AggregationStrategy s = AggregationStrategy.parse(id);
      time("aggregate 3 peers, " + id, 5, () -> Aggregation.aggregate(s, inputs));
    }
  }

  private static void time(String what, int reps, Runnable task) {
    for (int i = 0; i < 2; i++) {
      task.run();
    }
    long[] ns = new long[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      task.run();
      ns[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(ns);
    System.out.printf("%-40s median %8.1f ms%n", what, ns[reps / 2] / 1e6);
  }
}
