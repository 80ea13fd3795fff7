package io.d2ora.app.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.cli.UserException;
import io.d2ora.app.cli.UserFiles;
import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.ConfigException;
import io.d2ora.core.train.TrainingConfig;
import io.d2ora.core.train.TrainingConfigParser;
import java.io.IOException;
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
   * Reads the round config a user named.
   *
   * @throws UserException if the file is missing, unreadable or not a round config, saying which
   */
  public static RoundConfig read(Path file) {
    byte[] bytes = UserFiles.readAllBytes(file, "round config");
    try {
      return parse(bytes);
    } catch (ConfigException e) {
      throw new UserException("round config " + file + " " + e.getMessage(), e);
    }
  }

  /**
   * @throws ConfigException if {@code bytes} are not a round config; the message completes "round
   *     config FILE ..."
   */
  public static RoundConfig parse(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ConfigException("is not valid JSON: " + UserFiles.jsonProblem(e), e);
    } catch (IOException e) {
      throw new ConfigException("cannot be read: " + e.getMessage(), e);
    }
    if (root != null && root.isObject() && !root.has("training") && looksLikeTraining(root)) {
      throw new ConfigException(
          "is a training config (as for `d2ora train`), not a round config: a round config is "
              + SHAPE);
    }
    if (root == null || !root.isObject() || !root.path("training").isObject()) {
      throw new ConfigException("is not a round config: a round config is " + SHAPE);
    }
    if (root.path("training").has("dataset_path")) {
      throw new ConfigException(
          "must not name dataset_path in its training (each peer brings its own data)");
    }
    AggregationStrategy strategy;
    try {
      strategy = AggregationStrategy.parse(root.path("aggregation").asText("fedavg"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("has a bad 'aggregation': " + e.getMessage(), e);
    }
    RoundConfig c = new RoundConfig(bytes, strategy, root.get("training").toString());
    try {
      c.training("unused");
    } catch (ConfigException e) {
      throw new ConfigException("has a bad 'training': " + e.getMessage(), e);
    }
    return c;
  }

  private static final String SHAPE =
      "{\"aggregation\": \"fedavg\", \"training\": {training keys, without dataset_path}}";

  /** A training config's top-level keys, as {@code d2ora train} reads them. */
  private static boolean looksLikeTraining(JsonNode root) {
    return root.has("base_model") || root.has("dataset_path") || root.has("lora_r");
  }
}
