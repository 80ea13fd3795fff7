package io.d2ora.core.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PEFT's {@code LoraConfig} as saved in {@code adapter_config.json} (peft/tuners/lora/config.py):
 * the fields a loader needs to rebuild the adapter. Written with {@code peft_type: "LORA"}, {@code
 * bias: "none"}, {@code fan_in_fan_out: false} and {@code inference_mode: true}, as {@code
 * save_pretrained} does.
 *
 * @param baseModelNameOrPath the base model's hub id or path
 * @param taskType PEFT task type, e.g. {@code SEQ_CLS}
 * @param r adapter rank
 * @param loraAlpha alpha; the scale is alpha / r, or alpha / sqrt(r) with rsLoRA
 * @param loraDropout dropout on the adapter input during training
 * @param targetModules module names the adapter wraps, e.g. {@code query}, {@code value}
 * @param useDora whether the adapter has a magnitude vector (DoRA, Liu et al. 2024)
 * @param useRslora whether the scale is alpha / sqrt(r) (Kalajdzievski 2023)
 * @param modulesToSave fully trained modules saved beside the adapter, e.g. {@code classifier}
 */
public record AdapterConfig(
    String baseModelNameOrPath,
    String taskType,
    int r,
    double loraAlpha,
    double loraDropout,
    List<String> targetModules,
    boolean useDora,
    boolean useRslora,
    List<String> modulesToSave) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public AdapterConfig {
    if (r <= 0) {
      throw new IllegalArgumentException("r must be positive, got " + r);
    }
    if (!Double.isFinite(loraAlpha) || loraAlpha <= 0) {
      throw new IllegalArgumentException(
          "lora_alpha must be positive and finite, got " + loraAlpha);
    }
    if (!(loraDropout >= 0 && loraDropout < 1)) {
      throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
    }
    targetModules = List.copyOf(targetModules);
    modulesToSave = List.copyOf(modulesToSave);
  }

  /** The adapter's scale s: alpha / r, or alpha / sqrt(r) with rsLoRA. */
  public double scaling() {
    return useRslora ? loraAlpha / Math.sqrt(r) : loraAlpha / r;
  }

  /** The same config with another rank (and the same alpha). */
  public AdapterConfig withRank(int newRank) {
    return new AdapterConfig(
        baseModelNameOrPath,
        taskType,
        newRank,
        loraAlpha,
        loraDropout,
        targetModules,
        useDora,
        useRslora,
        modulesToSave);
  }

  /** The same config with another alpha. */
  public AdapterConfig withAlpha(double newAlpha) {
    return new AdapterConfig(
        baseModelNameOrPath,
        taskType,
        r,
        newAlpha,
        loraDropout,
        targetModules,
        useDora,
        useRslora,
        modulesToSave);
  }

  /** The fields as PEFT names them, in a sorted map. */
  public Map<String, Object> toPeftFields() {
    Map<String, Object> m = new TreeMap<>();
    m.put("alpha_pattern", Map.of());
    m.put("base_model_name_or_path", baseModelNameOrPath);
    m.put("bias", "none");
    m.put("fan_in_fan_out", false);
    m.put("inference_mode", true);
    m.put("init_lora_weights", true);
    m.put("layers_pattern", null);
    m.put("layers_to_transform", null);
    m.put("lora_alpha", jsonNumber(loraAlpha));
    m.put("lora_dropout", loraDropout);
    m.put("modules_to_save", modulesToSave.isEmpty() ? null : modulesToSave);
    m.put("peft_type", "LORA");
    m.put("r", r);
    m.put("rank_pattern", Map.of());
    m.put("revision", null);
    m.put("target_modules", targetModules);
    m.put("task_type", taskType);
    m.put("use_dora", useDora);
    m.put("use_rslora", useRslora);
    return m;
  }

  /** Compact canonical JSON (sorted keys, no whitespace): the form stored in file metadata. */
  public String toJson() {
    return CanonicalJson.write(toPeftFields());
  }

  /** Indented JSON with sorted keys, as PEFT writes {@code adapter_config.json}. */
  public String toPrettyJson() {
    try {
      return MAPPER
              .copy()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
              .writeValueAsString(new LinkedHashMap<>(toPeftFields()))
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write adapter config", e);
    }
  }

  /**
   * Parses a PEFT adapter config (from a file's metadata or an {@code adapter_config.json}).
   *
   * @throws MalformedUpdateException when the JSON is invalid, not a LORA config, or lacks a field
   */
  public static AdapterConfig fromJson(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedUpdateException(
          "adapter config is not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new MalformedUpdateException("adapter config must be a JSON object");
    }
    String peftType = n.path("peft_type").asText("");
    if (!peftType.equals("LORA")) {
      throw new MalformedUpdateException(
          "adapter config peft_type must be LORA, got '" + peftType + "'");
    }
    try {
      return new AdapterConfig(
          n.path("base_model_name_or_path").asText(""),
          n.path("task_type").asText(""),
          required(n, "r").intValue(),
          required(n, "lora_alpha").doubleValue(),
          n.path("lora_dropout").asDouble(0.0),
          strings(n.path("target_modules")),
          n.path("use_dora").asBoolean(false),
          n.path("use_rslora").asBoolean(false),
          strings(n.path("modules_to_save")));
    } catch (IllegalArgumentException e) {
      throw new MalformedUpdateException("adapter config: " + e.getMessage());
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new MalformedUpdateException("adapter config lacks numeric field '" + field + "'");
    }
    return v;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isTextual()) {
      out.add(array.asText());
    } else if (array.isArray()) {
      array.forEach(e -> out.add(e.asText()));
    }
    return out;
  }

  private static Object jsonNumber(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
  }
}
