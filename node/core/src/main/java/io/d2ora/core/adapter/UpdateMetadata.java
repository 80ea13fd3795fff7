package io.d2ora.core.adapter;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The D2ORA fields of an update file's {@code __metadata__}: which chain, registry and round the
 * update belongs to, which base model it adapts, how many samples it was trained on, and how it was
 * made ({@code local} training, or an aggregation strategy with its inputs' hashes in order).
 *
 * <p>Stored as strings (safetensors metadata is string to string) under these keys: {@value
 * #CHAIN_ID}, {@value #REGISTRY}, {@value #ROUND_ID}, {@value #BASE_MODEL_HASH}, {@value
 * #NUM_SAMPLES}, {@value #STRATEGY}, {@value #INPUTS} (comma-separated 0x hashes, empty for a local
 * update), and {@value #VERSION} ({@value #FORMAT_VERSION}).
 *
 * @param chainId EIP-155 chain id of the registry's chain
 * @param registry the registry contract address, 0x + 40 lowercase hex digits
 * @param roundId the round this update belongs to
 * @param baseModelHash the base model's hash ({@code io.d2ora.core.model.BertCheckpoint#hash()})
 * @param numSamples training samples behind this update (the sum of the inputs' for an aggregate)
 * @param strategy {@value #LOCAL} for a peer's trained update, else the aggregation strategy
 * @param inputs hashes of the aggregated updates in aggregation order; empty for a local update
 */
public record UpdateMetadata(
    long chainId,
    String registry,
    long roundId,
    ContentHash baseModelHash,
    long numSamples,
    String strategy,
    List<ContentHash> inputs) {

  public static final String VERSION = "d2ora.version";
  public static final String CHAIN_ID = "d2ora.chain_id";
  public static final String REGISTRY = "d2ora.registry";
  public static final String ROUND_ID = "d2ora.round_id";
  public static final String BASE_MODEL_HASH = "d2ora.base_model_hash";
  public static final String NUM_SAMPLES = "d2ora.num_samples";
  public static final String STRATEGY = "d2ora.strategy";
  public static final String INPUTS = "d2ora.inputs";
  public static final String FORMAT_VERSION = "1";
  public static final String LOCAL = "local";

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  public UpdateMetadata {
    registry = registry.toLowerCase(Locale.ROOT);
    if (!ADDRESS.matcher(registry).matches()) {
      throw new IllegalArgumentException(
          "registry must be 0x + 40 hex digits, got '" + registry + "'");
    }
    Objects.requireNonNull(baseModelHash, "baseModelHash");
    if (chainId <= 0 || roundId < 0 || numSamples <= 0) {
      throw new IllegalArgumentException(
          "need chainId > 0, roundId >= 0, numSamples > 0; got "
              + chainId
              + ", "
              + roundId
              + ", "
              + numSamples);
    }
    if (strategy.isEmpty() || strategy.contains(",")) {
      throw new IllegalArgumentException(
          "strategy must be a non-empty name, got '" + strategy + "'");
    }
    inputs = List.copyOf(inputs);
  }

  /** Metadata of a peer's own trained update. */
  public static UpdateMetadata local(
      long chainId, String registry, long roundId, ContentHash baseModelHash, long numSamples) {
    return new UpdateMetadata(
        chainId, registry, roundId, baseModelHash, numSamples, LOCAL, List.of());
  }

  /** The same fields, made by {@code newStrategy} from {@code newInputs}, over {@code samples}. */
  public UpdateMetadata aggregated(String newStrategy, List<ContentHash> newInputs, long samples) {
    return new UpdateMetadata(
        chainId, registry, roundId, baseModelHash, samples, newStrategy, newInputs);
  }

  /** The metadata entries, as stored in the file. */
  public Map<String, String> toEntries() {
    Map<String, String> m = new TreeMap<>();
    m.put(VERSION, FORMAT_VERSION);
    m.put(CHAIN_ID, Long.toString(chainId));
    m.put(REGISTRY, registry);
    m.put(ROUND_ID, Long.toString(roundId));
    m.put(BASE_MODEL_HASH, baseModelHash.hex());
    m.put(NUM_SAMPLES, Long.toString(numSamples));
    m.put(STRATEGY, strategy);
    m.put(INPUTS, String.join(",", inputs.stream().map(ContentHash::hex).toList()));
    return m;
  }

  /**
   * Reads the D2ORA fields from file metadata.
   *
   * @throws MalformedUpdateException when a field is missing or malformed
   */
  public static UpdateMetadata fromEntries(Map<String, String> m) {
    String version = m.get(VERSION);
    if (!FORMAT_VERSION.equals(version)) {
      throw new MalformedUpdateException(
          "metadata " + VERSION + " must be " + FORMAT_VERSION + ", got " + version);
    }
    try {
      String inputs = field(m, INPUTS);
      return new UpdateMetadata(
          Long.parseLong(field(m, CHAIN_ID)),
          field(m, REGISTRY),
          Long.parseLong(field(m, ROUND_ID)),
          baseModelHash(field(m, BASE_MODEL_HASH)),
          Long.parseLong(field(m, NUM_SAMPLES)),
          field(m, STRATEGY),
          inputs.isEmpty()
              ? List.of()
              : List.of(inputs.split(",", -1)).stream().map(ContentHash::parse).toList());
    } catch (IllegalArgumentException e) {
      throw new MalformedUpdateException("metadata: " + e.getMessage());
    }
  }

  /**
   * 0x + 64 hex digits in either case; unlike {@link ContentHash#parse}, the prefix is required.
   */
  private static ContentHash baseModelHash(String text) {
    try {
      return new ContentHash(text.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "base model hash must be 0x + 64 hex digits, got '" + text + "'", e);
    }
  }

  private static String field(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new MalformedUpdateException("metadata lacks " + key);
    }
    return v;
  }
}
