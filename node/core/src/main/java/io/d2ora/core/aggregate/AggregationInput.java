package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateLimits;
import io.d2ora.core.round.Address;
import io.d2ora.core.store.ContentHash;
import java.util.Objects;

/**
 * One verified update going into a round's aggregate: who signed it, its file bytes (whose keccak
 * matched the signer's on-chain commitment), the decoded update and the committed sample count.
 *
 * @param signer the committing address (inputs are ordered by it)
 * @param bytes the update file's bytes
 * @param update the decoded update
 * @param hash keccak-256 of {@code bytes}, as verified against the commitment (not recomputed)
 * @param numSamples the sample count the signer committed on chain
 */
public record AggregationInput(
    Address signer, byte[] bytes, AdapterUpdate update, ContentHash hash, long numSamples) {

  public AggregationInput {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(hash, "hash");
    if (numSamples <= 0) {
      throw new IllegalArgumentException("numSamples must be positive, got " + numSamples);
    }
  }

  /**
   * Decodes (with the default limits) and hashes untrusted bytes.
   *
   * @throws io.d2ora.core.adapter.MalformedUpdateException when the bytes are not a valid update
   */
  public static AggregationInput of(Address signer, byte[] bytes, long numSamples) {
    AdapterUpdate update = SafetensorsCodec.decode(bytes, UpdateLimits.DEFAULT);
    return new AggregationInput(signer, bytes, update, ContentHash.keccak256(bytes), numSamples);
  }

  /** An input from an in-memory update, encoded canonically. */
  public static AggregationInput of(Address signer, AdapterUpdate update, long numSamples) {
    byte[] bytes = SafetensorsCodec.encode(update);
    return new AggregationInput(signer, bytes, update, ContentHash.keccak256(bytes), numSamples);
  }

  @Override
  public String toString() {
    return "AggregationInput[" + signer + ", " + hash + ", " + numSamples + " samples]";
  }
}
