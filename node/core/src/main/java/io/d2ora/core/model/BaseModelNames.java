package io.d2ora.core.model;

import java.util.Map;

/**
 * The name an exported adapter gives its base model ({@code base_model_name_or_path} in the PEFT
 * config) and back. Training configs name a base model by its directory under {@code .cache/models}
 * (or a path), which no hub resolves; a PEFT user needs the Hugging Face hub id.
 *
 * <p>Mapping (exact, case-sensitive names):
 *
 * <table>
 *   <caption>local name to hub id</caption>
 *   <tr><th>training config {@code base_model}</th><th>{@code base_model_name_or_path}</th></tr>
 *   <tr><td>{@value #MINILM}</td><td>{@value #MINILM_HUB_ID}</td></tr>
 *   <tr><td>anything else</td><td>the {@code base_model} value unchanged</td></tr>
 * </table>
 *
 * <p>So another checkpoint keeps the name the config gives it: name its directory (or write {@code
 * base_model}) after its hub id to export a resolvable name. The mapping is a pure function of the
 * round config, so every node derives the same PEFT config and hence the same update bytes; the
 * update's {@code d2ora.base_model_hash}, not this name, says which weights it was trained on.
 */
public final class BaseModelNames {
  /** The directory {@code scripts/setup.sh} fetches all-MiniLM-L6-v2 into. */
  public static final String MINILM = "all-minilm-l6-v2";

  /** The hub id of the checkpoint {@link #MINILM} holds (an ONNX export of it). */
  public static final String MINILM_HUB_ID = "sentence-transformers/all-MiniLM-L6-v2";

  private static final Map<String, String> HUB_IDS = Map.of(MINILM, MINILM_HUB_ID);
  private static final Map<String, String> LOCAL_NAMES = Map.of(MINILM_HUB_ID, MINILM);

  private BaseModelNames() {}

  /** The {@code base_model_name_or_path} an adapter of {@code baseModel} records. */
  public static String hubId(String baseModel) {
    return HUB_IDS.getOrDefault(baseModel, baseModel);
  }

  /** The local model name (under {@code .cache/models}) of a recorded name, else the name. */
  public static String localName(String baseModelNameOrPath) {
    return LOCAL_NAMES.getOrDefault(baseModelNameOrPath, baseModelNameOrPath);
  }
}
