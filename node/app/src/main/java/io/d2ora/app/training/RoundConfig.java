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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every participant of a round agrees on, as one JSON file whose keccak-256 is the round's
 * {@code configHash} on chain:
 *
 * <pre>
 * { "aggregation": "fedavg" | "fedavgm" | "fedadam" | "ffa" | "exact:R" | "median"
 *                  | "trimmed-mean:0.2" | { "strategy": NAME, PARAMETER: NUMBER, ... },
 *   "training": { training config keys (see TrainingConfigParser), without dataset_path } }
 * </pre>
 *
 * The server optimisers take their parameters either in the name ({@code
 * "fedadam:server_lr=0.01;tau=0.001"}, see {@link AggregationStrategy#parse}) or as an object
 * ({@code {"strategy": "fedadam", "server_lr": 0.01, "beta1": 0.9, "beta2": 0.99, "tau": 0.001}});
 * {@code fedavg} takes {@code server_lr}, {@code fedavgm} {@code server_lr} and {@code beta1}.
 * Either way they are in the file, so the config hash covers them; omitted ones take the defaults
 * of {@link AggregationStrategy.ServerParams}.
 *
 * <p>Each peer supplies its own {@code dataset_path}: the data stays private, the recipe is shared.
 * Every round starts from the previous round's aggregate, so a strategy must give an aggregate of
 * the round's own shape that every node recomputes alike: {@code exact} only as {@code exact:R}
 * with R = {@code lora_r}, and not {@code norm-clip}. The server optimisers step from the start the
 * round's updates name ({@link io.d2ora.core.aggregate.RoundStart}), whose file carries their
 * state.
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

  /**
   * The training config with this peer's data; under {@code ffa} with A frozen ({@code
   * freeze_lora_a}), whatever the training object says.
   */
  public TrainingConfig training(String datasetPath) {
    Map<String, Object> overrides =
        strategy.kind() == AggregationStrategy.Kind.FFA
            ? Map.of("dataset_path", datasetPath, "freeze_lora_a", true)
            : Map.of("dataset_path", datasetPath);
    return TrainingConfigParser.parse(trainingJson, overrides);
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
    AggregationStrategy strategy = strategy(root.path("aggregation"));
    RoundConfig c = new RoundConfig(bytes, strategy, root.get("training").toString());
    int loraR;
    try {
      loraR = c.training("unused").loraR();
    } catch (ConfigException e) {
      throw new ConfigException("has a bad 'training': " + e.getMessage(), e);
    }
    checkAcrossRounds(strategy, loraR);
    return c;
  }

  private static final List<String> SERVER_KEYS = List.of("server_lr", "beta1", "beta2", "tau");

  /** The strategy from a name (with or without parameters) or a {"strategy": ...} object. */
  private static AggregationStrategy strategy(JsonNode node) {
    try {
      if (node.isMissingNode() || node.isNull()) {
        return AggregationStrategy.FEDAVG;
      }
      if (node.isTextual()) {
        return AggregationStrategy.parse(node.asText());
      }
      if (!node.isObject() || !node.path("strategy").isTextual()) {
        throw new IllegalArgumentException(
            "expected a strategy name or {\"strategy\": NAME, PARAMETER: NUMBER, ...}, got "
                + node);
      }
      String name = node.get("strategy").asText();
      List<String> params = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals("strategy")) {
          continue;
        }
        if (!SERVER_KEYS.contains(e.getKey()) || !e.getValue().isNumber()) {
          throw new IllegalArgumentException(
              "'" + e.getKey() + "' is not a number among " + SERVER_KEYS + ": " + e.getValue());
        }
        params.add(e.getKey() + "=" + e.getValue().asDouble());
      }
      if (name.contains(":") && !params.isEmpty()) {
        throw new IllegalArgumentException(
            "name the parameters either in '" + name + "' or as keys, not both");
      }
      return AggregationStrategy.parse(
          params.isEmpty() ? name : name + ":" + String.join(";", params));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("has a bad 'aggregation': " + e.getMessage(), e);
    }
  }

  /**
   * Refuses strategies whose aggregate the next round cannot start from, or that nodes and
   * verifiers could not recompute alike.
   */
  private static void checkAcrossRounds(AggregationStrategy strategy, int loraR) {
    if (strategy.kind() == AggregationStrategy.Kind.EXACT && strategy.rank() != loraR) {
      throw new ConfigException(
          "has a bad 'aggregation': "
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
          "has a bad 'aggregation': norm-clip measures each update's distance from the round's"
              + " start adapter, which a run's first round does not have, so that round could not"
              + " finalize; use median or trimmed-mean to contain outliers");
    }
  }

  private static final String SHAPE =
      "{\"aggregation\": \"fedavg\", \"training\": {training keys, without dataset_path}}";

  /** A training config's top-level keys, as {@code d2ora train} reads them. */
  private static boolean looksLikeTraining(JsonNode root) {
    return root.has("base_model") || root.has("dataset_path") || root.has("lora_r");
  }
}
