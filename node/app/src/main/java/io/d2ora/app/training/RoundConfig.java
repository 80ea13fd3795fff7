package io.d2ora.app.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.ConfigException;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every participant of a round agrees on, as one JSON file whose keccak-256 is the round's
 * {@code configHash} on chain:
 *
 * <pre>
 * { "aggregation": "fedavg" | "exact" | "median" | "trimmed-mean:0.2" | "norm-clip" | ...,
 *   "training": { training config keys (see TrainingConfigParser), without dataset_path } }
 * </pre>
 *
 * Each peer supplies its own {@code dataset_path}: the data stays private, the recipe is shared.
 *
 * @param bytes the file's bytes (hashed as they are)
 * @param strategy the aggregation strategy
 * @param trainingJson the {@code training} object, as JSON text
 */
public record RoundConfig(byte[] bytes, AggregationStrategy strategy, String trainingJson) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** keccak-256 of the file's bytes: the round's config hash. */
  public ContentHash hash() {
    return ContentHash.keccak256(bytes);
  }

  /** The training config with this peer's data. */
  public TrainingConfig training(String datasetPath) {
    return TrainingConfigParser.parse(trainingJson, Map.of("dataset_path", datasetPath));
  }

  /**
   * @throws ConfigException if the file is unreadable or not a round config
   */
  public static RoundConfig read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read round config " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes);
  }

  public static RoundConfig parse(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new ConfigException("round config is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("training").isObject()) {
      throw new ConfigException(
          "a round config is {\"aggregation\": ..., \"training\": {...}}, got " + root);
    }
    if (root.path("training").has("dataset_path")) {
      throw new ConfigException(
          "a round config's training must not name dataset_path (each peer brings its own data)");
    }
    AggregationStrategy strategy;
    try {
      strategy = AggregationStrategy.parse(root.path("aggregation").asText("fedavg"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("key 'aggregation': " + e.getMessage(), e);
    }
    RoundConfig c = new RoundConfig(bytes, strategy, root.get("training").toString());
    c.training("unused");
    return c;
  }
}
