package io.d2ora.core.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tokenizes exactly as Hugging Face does for a {@code tokenizer.json}: the Rust {@code tokenizers}
 * library through DJL's binding, whose jar bundles the native library. DJL is put in offline mode
 * with telemetry off, so nothing is fetched at run time.
 *
 * <p>Thread-safe for {@link #encode} (the native tokenizer is immutable once loaded).
 */
public final class HuggingFaceTokenizers implements Tokenizer {
  private final HuggingFaceTokenizer tokenizer;

  private HuggingFaceTokenizers(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code tokenizer.json}; truncation is applied per call, padding never (we pad). */
  public static HuggingFaceTokenizers load(Path tokenizerJson) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new ModelFormatException("tokenizer file not found: " + tokenizerJson);
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    try {
      return new HuggingFaceTokenizers(
          HuggingFaceTokenizer.newInstance(
              tokenizerJson,
              Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true")));
    } catch (IOException | RuntimeException e) {
      throw new ModelFormatException("cannot load tokenizer " + tokenizerJson + ": " + e, e);
    }
  }

  @Override
  public int[] encode(String text, int maxLength) {
    return truncate(toInts(tokenizer.encode(text).getIds()), maxLength);
  }

  @Override
  public String[] tokens(String text, int maxLength) {
    Encoding e = tokenizer.encode(text);
    String[] tokens = e.getTokens();
    if (tokens.length <= maxLength) {
      return tokens;
    }
    String[] out = java.util.Arrays.copyOf(tokens, maxLength);
    out[maxLength - 1] = tokens[tokens.length - 1];
    return out;
  }

  /** Keeps CLS and the first {@code max - 2} word pieces, then SEP (HF's longest-first truncation). */
  private static int[] truncate(int[] ids, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("maxLength: expected >= 2, got " + max);
    }
    if (ids.length <= max) {
      return ids;
    }
    int[] out = java.util.Arrays.copyOf(ids, max);
    out[max - 1] = ids[ids.length - 1];
    return out;
  }

  private static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
