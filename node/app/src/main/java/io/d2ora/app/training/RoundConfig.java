package io.d2ora.app.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.UserException;
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
 * { "aggregation": "fedavg" | "exact:R" | "median" | "trimmed-mean:0.2",
 *   "training": { training config keys (see TrainingConfigParser), without dataset_path } }
 * </pre>
 *
 * Each peer supplies its own {@code dataset_path}: the data stays private, the recipe is shared.
 * Every round starts from the previous round's aggregate, so a strategy must give an aggregate of
 * the round's own shape that every node recomputes alike: {@code exact} only as {@code exact:R}
 * with R = {@code lora_r}, and not {@code norm-clip} (it needs a start adapter rounds do not name).
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
   * Reads the round config a command was given.
   *
   * @throws UserException naming the file and what is wrong with it
   */
  public static RoundConfig load(Path file) {
    try {
      return read(file);
    } catch (ConfigException e) {
      throw new UserException("round config " + file + ": " + e.getMessage(), e);
    }
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
    checkAcrossRounds(strategy, c.training("unused").loraR());
    return c;
  }

  /**
   * Refuses strategies whose aggregate the next round cannot start from, or that nodes and
   * verifiers could not recompute alike.
   */
  private static void checkAcrossRounds(AggregationStrategy strategy, int loraR) {
    if (strategy.kind() == AggregationStrategy.Kind.EXACT && strategy.rank() != loraR) {
      throw new ConfigException(
          "key 'aggregation': "
              + strategy.id()
              + " gives an aggregate of rank "
              + (strategy.rank() == 0 ? "n x lora_r" : strategy.rank())
              + ", which the next round's rank-"
              + loraR
              + " adapters cannot start from; use exact:"
              + loraR
              + " (the exact sum re-compressed to rank lora_r by truncated SVD)");
    }
    if (strategy.kind() == AggregationStrategy.Kind.NORM_CLIP) {
      throw new ConfigException(
          "key 'aggregation': norm-clip measures each update's distance from the round's start"
              + " adapter, which a round does not name on chain, so nodes and verifiers could not"
              + " agree on its result; use median or trimmed-mean to contain outliers");
    }
  }
}
