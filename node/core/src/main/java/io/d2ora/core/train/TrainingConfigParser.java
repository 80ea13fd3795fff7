package io.d2ora.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d2ora.core.dora.AdapterMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a training config from JSON. Keys (FinLoRA / PEFT names; defaults in brackets):
 *
 * <pre>
 * base_model                  string            ["all-minilm-l6-v2"]
 * dataset_path                string | [string] (required)
 * lora_r                      integer >= 1      [8]
 * lora_alpha                  number > 0        [16]
 * lora_dropout                number in [0, 1)  [0.05]
 * use_dora                    boolean           [true]
 * dora_magnitude_only         boolean           [false]  train only m (needs use_dora)
 * use_rslora                  boolean           [false]
 * target_modules              [string]          [["query", "value"]]
 * learning_rate               number > 0        [0.001]
 * weight_decay                number >= 0       [0.01]
 * warmup_ratio                number in [0, 1)  [0.1]
 * max_grad_norm               number >= 0       [1.0]   0 disables clipping
 * num_epochs                  integer >= 1      [3]
 * batch_size                  integer >= 1      [16]
 * gradient_accumulation_steps integer >= 1      [1]
 * max_seq_len                 integer >= 2      [128]
 * head_dropout                number in [0, 1)  [0.1]
 * seed                        integer           [42]
 * labels                      [string]          [sorted labels of the training data]
 * max_train_samples           integer >= 0      [0]     0 means all
 * output_dir                  string            ["out/train"]
 * freeze_lora_a               boolean           [false]  A frozen at its seeded init, not in the
 *                                                        update (FFA-LoRA; a round config's ffa)
 * </pre>
 *
 * Unknown keys are rejected (a typo must not silently fall back to a default). Every error names
 * the key and the expected type.
 */
public final class TrainingConfigParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEYS =
      new TreeSet<>(
          List.of(
              "base_model",
              "dataset_path",
              "lora_r",
              "lora_alpha",
              "lora_dropout",
              "use_dora",
              "dora_magnitude_only",
              "use_rslora",
              "target_modules",
              "learning_rate",
              "weight_decay",
              "warmup_ratio",
              "max_grad_norm",
              "num_epochs",
              "batch_size",
              "gradient_accumulation_steps",
              "max_seq_len",
              "head_dropout",
              "seed",
              "labels",
              "max_train_samples",
              "output_dir",
              "freeze_lora_a"));

  private TrainingConfigParser() {}

  /** Parses {@code file}, then applies {@code overrides} (key to JSON-compatible value). */
  public static TrainingConfig parse(Path file, Map<String, Object> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text, overrides);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  public static TrainingConfig parse(String json, Map<String, Object> overrides) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("expected a JSON object at the top level");
    }
    ObjectNode node = (ObjectNode) root;
    overrides.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ConfigException("unknown key '" + key + "'; known keys: " + KEYS);
      }
    }
    return build(new Reader(node));
  }

  private static TrainingConfig build(Reader r) {
    boolean dora = r.bool("use_dora", true);
    boolean magnitudeOnly = r.bool("dora_magnitude_only", false);
    if (magnitudeOnly && !dora) {
      throw new ConfigException("key 'dora_magnitude_only': needs use_dora = true");
    }
    AdapterMode mode =
        magnitudeOnly ? AdapterMode.MAGNITUDE_ONLY : dora ? AdapterMode.DORA : AdapterMode.LORA;
    return new TrainingConfig(
        r.string("base_model", TrainingConfig.DEFAULT_BASE_MODEL),
        r.stringOrStrings("dataset_path"),
        r.integer("lora_r", 8, 1),
        r.number("lora_alpha", 16, 0, false, Double.MAX_VALUE),
        r.number("lora_dropout", 0.05, 0, true, 1),
        mode,
        r.bool("use_rslora", false),
        r.strings("target_modules", List.of("query", "value")),
        r.number("learning_rate", 1e-3, 0, false, Double.MAX_VALUE),
        r.number("weight_decay", 0.01, 0, true, Double.MAX_VALUE),
        r.number("warmup_ratio", 0.1, 0, true, 1),
        r.number("max_grad_norm", 1.0, 0, true, Double.MAX_VALUE),
        r.integer("num_epochs", 3, 1),
        r.integer("batch_size", 16, 1),
        r.integer("gradient_accumulation_steps", 1, 1),
        r.integer("max_seq_len", TrainingConfig.DEFAULT_MAX_SEQ_LEN, 2),
        r.number("head_dropout", 0.1, 0, true, 1),
        r.integer("seed", 42, Integer.MIN_VALUE),
        r.strings("labels", List.of()),
        r.integer("max_train_samples", 0, 0),
        r.string("output_dir", "out/train"),
        r.bool("freeze_lora_a", false));
  }

  /** Typed access to the config's keys with "key 'k': expected ..." errors. */
  private record Reader(ObjectNode node) {
    private ConfigException wrong(String key, String expected) {
      JsonNode v = node.get(key);
      return new ConfigException(
          "key '"
              + key
              + "': expected "
              + expected
              + ", got "
              + v
              + " ("
              + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }

    boolean bool(String key, boolean dflt) {
      JsonNode v = node.get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isBoolean()) {
        throw wrong(key, "a boolean (true or false)");
      }
      return v.booleanValue();
    }

    int integer(String key, int dflt, int min) {
      JsonNode v = node.get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
        throw wrong(key, min == Integer.MIN_VALUE ? "an integer" : "an integer >= " + min);
      }
      return v.intValue();
    }

    double number(String key, double dflt, double min, boolean minInclusive, double max) {
      JsonNode v = node.get(key);
      if (v == null) {
        return dflt;
      }
      String range =
          max == Double.MAX_VALUE
              ? (minInclusive ? ">= " : "> ") + min
              : "in " + (minInclusive ? "[" : "(") + min + ", " + max + ")";
      if (!v.isNumber()) {
        throw wrong(key, "a number " + range);
      }
      double d = v.doubleValue();
      if (!Double.isFinite(d) || d < min || (!minInclusive && d == min) || d >= max) {
        throw wrong(key, "a number " + range);
      }
      return d;
    }

    String string(String key, String dflt) {
      JsonNode v = node.get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        throw wrong(key, "a non-empty string");
      }
      return v.asText();
    }

    List<String> strings(String key, List<String> dflt) {
      JsonNode v = node.get(key);
      if (v == null) {
        return dflt;
      }
      List<String> out = new ArrayList<>();
      if (v.isArray()) {
        v.forEach(e -> out.add(e.isTextual() && !e.asText().isBlank() ? e.asText() : null));
      }
      if (!v.isArray() || out.contains(null)) {
        throw wrong(key, "an array of non-empty strings");
      }
      return out;
    }

    List<String> stringOrStrings(String key) {
      JsonNode v = node.get(key);
      if (v == null) {
        throw new ConfigException("key '" + key + "' is required (a string or array of strings)");
      }
      if (v.isTextual() && !v.asText().isBlank()) {
        return List.of(v.asText());
      }
      List<String> out = v.isArray() ? strings(key, List.of()) : List.of();
      if (out.isEmpty()) {
        throw wrong(key, "a non-empty string or array of strings");
      }
      return out;
    }
  }
}
