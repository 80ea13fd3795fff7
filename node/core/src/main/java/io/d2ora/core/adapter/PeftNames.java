package io.d2ora.core.adapter;

import java.util.Optional;

/**
 * Tensor names of a PEFT adapter file, as {@code PeftModel.save_pretrained} writes them
 * (peft/utils/save_and_load.py, {@code get_peft_model_state_dict}): the adapter name ("default") is
 * removed from every key, and the DoRA magnitude loses its ".weight" suffix.
 *
 * <table>
 *   <caption>Names for a module at path {@code P} (e.g. {@code bert.encoder.layer.0.attention.self.query})</caption>
 *   <tr><th>tensor</th><th>name</th><th>shape</th></tr>
 *   <tr><td>A</td><td>{@code base_model.model.P.lora_A.weight}</td><td>[r, in]</td></tr>
 *   <tr><td>B</td><td>{@code base_model.model.P.lora_B.weight}</td><td>[out, r]</td></tr>
 *   <tr><td>m (DoRA)</td><td>{@code base_model.model.P.lora_magnitude_vector}</td><td>[out]</td></tr>
 *   <tr><td>head ({@code modules_to_save})</td><td>{@code base_model.model.H.weight}, {@code
 *       base_model.model.H.bias}</td><td>as the module's own parameters</td></tr>
 * </table>
 *
 * <p>Heads listed in {@code modules_to_save} (e.g. {@code classifier}) are saved by PEFT's {@code
 * ModulesToSaveWrapper.adapter_state_dict} under the wrapper's own path plus the parameter name,
 * without {@code modules_to_save.default}: {@code base_model.model.classifier.weight}. PEFT's
 * loader maps them back to {@code modules_to_save.default.weight}.
 */
public final class PeftNames {
  /** Prefix of every saved key of a LoRA-family adapter on a transformers model. */
  public static final String PREFIX = "base_model.model.";

  public static final String LORA_A = ".lora_A.weight";
  public static final String LORA_B = ".lora_B.weight";
  public static final String MAGNITUDE = ".lora_magnitude_vector";

  /** What a tensor is, by its name. */
  public enum Role {
    LORA_A,
    LORA_B,
    MAGNITUDE,
    /** Any other tensor: a full parameter of a {@code modules_to_save} module. */
    FULL
  }

  /** A parsed tensor name: module path (without the prefix) and role. */
  public record Parsed(String modulePath, Role role) {}

  private PeftNames() {}

  public static String loraA(String modulePath) {
    return PREFIX + modulePath + LORA_A;
  }

  public static String loraB(String modulePath) {
    return PREFIX + modulePath + LORA_B;
  }

  public static String magnitude(String modulePath) {
    return PREFIX + modulePath + MAGNITUDE;
  }

  /** A parameter of a {@code modules_to_save} module, e.g. ("classifier", "weight"). */
  public static String saved(String modulePath, String parameter) {
    return PREFIX + modulePath + "." + parameter;
  }

  /** Parses a saved key; empty when the key lacks the {@code base_model.model.} prefix. */
  public static Optional<Parsed> parse(String name) {
    if (!name.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = name.substring(PREFIX.length());
    if (rest.endsWith(LORA_A)) {
      return Optional.of(new Parsed(strip(rest, LORA_A), Role.LORA_A));
    }
    if (rest.endsWith(LORA_B)) {
      return Optional.of(new Parsed(strip(rest, LORA_B), Role.LORA_B));
    }
    if (rest.endsWith(MAGNITUDE)) {
      return Optional.of(new Parsed(strip(rest, MAGNITUDE), Role.MAGNITUDE));
    }
    return Optional.of(new Parsed(rest, Role.FULL));
  }

  private static String strip(String s, String suffix) {
    return s.substring(0, s.length() - suffix.length());
  }
}
