package io.d2ora.core.adapter;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One update: named float32 tensors (PEFT names, see {@link PeftNames}) and string metadata. It is
 * what an update file holds; {@link SafetensorsCodec} turns it into bytes and back.
 *
 * <p>Metadata of a D2ORA update carries {@value #FORMAT_KEY} = {@value #FORMAT_PT} (what
 * transformers expects of a PyTorch safetensors file), {@value #PEFT_CONFIG_KEY} = the PEFT adapter
 * config as canonical JSON ({@link AdapterConfig#toJson()}), and the {@link UpdateMetadata} fields.
 * Files from elsewhere may carry any string metadata; {@link #config()} and {@link #d2ora()} parse
 * the D2ORA parts on demand.
 *
 * <p>Tensor names and metadata keys are printable ASCII (so the header's key order is byte order).
 */
public record AdapterUpdate(
    NavigableMap<String, FloatTensor> tensors, NavigableMap<String, String> metadata) {

  public static final String FORMAT_KEY = "format";
  public static final String FORMAT_PT = "pt";
  public static final String PEFT_CONFIG_KEY = "peft_config";

  public AdapterUpdate {
    for (String name : tensors.keySet()) {
      checkName("tensor name", name);
      if (name.equals(SafetensorsCodec.METADATA_KEY)) {
        throw new IllegalArgumentException("a tensor cannot be named " + name);
      }
    }
    metadata.keySet().forEach(k -> checkName("metadata key", k));
    tensors = Collections.unmodifiableNavigableMap(new TreeMap<>(tensors));
    metadata = Collections.unmodifiableNavigableMap(new TreeMap<>(metadata));
  }

  /** A D2ORA update: tensors plus the PEFT config and D2ORA fields as metadata. */
  public static AdapterUpdate of(
      Map<String, FloatTensor> tensors, AdapterConfig config, UpdateMetadata fields) {
    NavigableMap<String, String> metadata = new TreeMap<>(fields.toEntries());
    metadata.put(FORMAT_KEY, FORMAT_PT);
    metadata.put(PEFT_CONFIG_KEY, config.toJson());
    return new AdapterUpdate(new TreeMap<>(tensors), metadata);
  }

  /** The tensor of that name. */
  public FloatTensor tensor(String name) {
    FloatTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named " + name);
    }
    return t;
  }

  /**
   * The PEFT config stored in the metadata.
   *
   * @throws MalformedUpdateException when it is missing or invalid
   */
  public AdapterConfig config() {
    String json = metadata.get(PEFT_CONFIG_KEY);
    if (json == null) {
      throw new MalformedUpdateException("metadata lacks " + PEFT_CONFIG_KEY);
    }
    return AdapterConfig.fromJson(json);
  }

  /**
   * The D2ORA fields stored in the metadata.
   *
   * @throws MalformedUpdateException when one is missing or invalid
   */
  public UpdateMetadata d2ora() {
    return UpdateMetadata.fromEntries(metadata);
  }

  /** Total number of float elements over all tensors. */
  public long elementCount() {
    long n = 0;
    for (FloatTensor t : tensors.values()) {
      n += t.size();
    }
    return n;
  }

  private static void checkName(String what, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            what
                + " must be printable ASCII, got '"
                + name
                + "' (char "
                + (int) c
                + " at "
                + i
                + ")");
      }
    }
  }
}
