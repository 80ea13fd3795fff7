package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.Objects;

/**
 * An update whose bytes hash to its signer's on-time commitment in the round.
 *
 * @param signer who committed it
 * @param hash its hash (equal to the commitment's)
 * @param numSamples the committed sample count
 * @param bytes the update file (shared, not copied: callers must not modify it)
 */
public record VerifiedUpdate(Address signer, ContentHash hash, long numSamples, byte[] bytes) {
  public VerifiedUpdate {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(bytes, "bytes");
  }
}
