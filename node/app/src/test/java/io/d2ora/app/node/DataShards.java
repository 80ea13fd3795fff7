package io.d2ora.app.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Private data for each peer of a round out of the three domains: shard {@code i} of a domain is
 * its training file rotated by {@code i} x {@value #STRIDE} sentences (the tiny training budget
 * reads the first ones), validation and test splits unchanged. Peers that trained on the same
 * sentences would commit byte-identical updates, which any of them can serve for the others: a
 * withholder would withhold nothing.
 */
final class DataShards {
  static final int STRIDE = 64;

  private DataShards() {}

  /** The data directory of shard {@code index} of {@code domain}, written under {@code work}. */
  static Path shard(TestNetwork network, String domain, int index) {
    Path source = network.root.resolve(".cache/data/" + domain);
    Path dir = network.work.resolve("data").resolve(domain + "-" + index);
    try {
      Files.createDirectories(dir);
      List<String> train = Files.readAllLines(source.resolve("train.jsonl"));
      int shift = (index * STRIDE) % train.size();
      List<String> rotated = new ArrayList<>(train.subList(shift, train.size()));
      rotated.addAll(train.subList(0, shift));
      Files.write(dir.resolve("train.jsonl"), rotated);
      for (String split : List.of("validation.jsonl", "test.jsonl")) {
        Files.copy(
            source.resolve(split),
            dir.resolve(split),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write shard " + index + " of " + domain, e);
    }
  }
}
