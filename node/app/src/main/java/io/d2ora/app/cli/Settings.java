package io.d2ora.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a setting named in kebab case ({@code chain-rpc-url}) with the precedence flag > {@code
 * D2ORA_CHAIN_RPC_URL} environment variable > key {@code "chain-rpc-url"} of the JSON config file >
 * the caller's default. List values: JSON arrays in the file, comma-separated in the environment.
 */
public final class Settings {
  private final Map<String, Object> flags;
  private final Map<String, String> env;
  private final JsonNode file;

  /**
   * @param flags values given on the command line, by key; absent or null where not given
   * @param env the process environment
   * @param configFile a JSON object of settings by key, if the command takes one
   */
  public Settings(Map<String, Object> flags, Map<String, String> env, Optional<Path> configFile) {
    this.flags = flags;
    this.env = env;
    this.file = configFile.map(Settings::read).orElse(null);
  }

  private static JsonNode read(Path path) {
    JsonNode node = UserFiles.readJson(path, "config file");
    if (!node.isObject()) {
      throw new UserException(
          "config file " + path + " is not a JSON object of settings, e.g. {\"p2p-listen\": ...}");
    }
    return node;
  }

  public static String envName(String key) {
    return "D2ORA_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public Optional<String> string(String key) {
    Object flag = flags.get(key);
    if (flag != null) {
      return Optional.of(flag.toString());
    }
    String e = env.get(envName(key));
    if (e != null && !e.isBlank()) {
      return Optional.of(e);
    }
    if (file != null && file.hasNonNull(key)) {
      return Optional.of(file.get(key).asText());
    }
    return Optional.empty();
  }

  public String string(String key, String def) {
    return string(key).orElse(def);
  }

  public long number(String key, long def) {
    String v = string(key, Long.toString(def));
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UserException(key + ": expected a whole number, got '" + v + "'");
    }
  }

  public boolean bool(String key, boolean def) {
    String v = string(key, Boolean.toString(def)).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new UserException(key + ": expected true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    Object flag = flags.get(key);
    if (flag instanceof List<?> l && !l.isEmpty()) {
      return List.copyOf((List<String>) l);
    }
    String e = env.get(envName(key));
    if (e != null && !e.isBlank()) {
      return List.of(e.split(","));
    }
    if (file != null && file.has(key)) {
      List<String> out = new ArrayList<>();
      JsonNode n = file.get(key);
      if (n.isArray()) {
        n.forEach(x -> out.add(x.asText()));
      } else {
        out.add(n.asText());
      }
      return out;
    }
    return List.of();
  }
}
