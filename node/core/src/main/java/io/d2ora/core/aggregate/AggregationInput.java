package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateHash;
import io.d2ora.core.adapter.UpdateLimits;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One verified update going into a round's aggregate: who signed it, its file bytes (whose keccak
 * matched the signer's on-chain commitment), the decoded update and the committed sample count.
 *
 * @param signer the committing address, 0x + 40 hex digits (stored lowercase; inputs are ordered by
 *     it)
 * @param bytes the update file's bytes
 * @param update the decoded update
 * @param hash keccak-256 of {@code bytes}
 * @param numSamples the sample count the signer committed on chain
 */
public record AggregationInput(
    String signer, byte[] bytes, AdapterUpdate update, UpdateHash hash, long numSamples) {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  public AggregationInput {
    signer = signer.toLowerCase(Locale.ROOT);
    if (!ADDRESS.matcher(signer).matches()) {
      throw new IllegalArgumentException("signer must be 0x + 40 hex digits, got '" + signer + "'");
    }
    if (numSamples <= 0) {
      throw new IllegalArgumentException("numSamples must be positive, got " + numSamples);
    }
  }

  /**
   * Decodes (with the default limits) and hashes untrusted bytes.
   *
   * @throws io.d2ora.core.adapter.MalformedUpdateException when the bytes are not a valid update
   */
  public static AggregationInput of(String signer, byte[] bytes, long numSamples) {
    AdapterUpdate update = SafetensorsCodec.decode(bytes, UpdateLimits.DEFAULT);
    return new AggregationInput(signer, bytes, update, UpdateHash.of(bytes), numSamples);
  }

  /** An input from an in-memory update, encoded canonically. */
  public static AggregationInput of(String signer, AdapterUpdate update, long numSamples) {
    byte[] bytes = SafetensorsCodec.encode(update);
    return new AggregationInput(signer, bytes, update, UpdateHash.of(bytes), numSamples);
  }

  @Override
  public String toString() {
    return "AggregationInput[" + signer + ", " + hash + ", " + numSamples + " samples]";
  }
}
