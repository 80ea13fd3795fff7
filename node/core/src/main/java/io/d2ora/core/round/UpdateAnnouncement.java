package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.Objects;

/**
 * A claim spread over gossip: "{@code signer} committed {@code updateHash} in {@code round}, and I
 * can serve its {@code size} bytes". Unauthenticated: the round logic checks it against the ledger,
 * and bytes against the hash.
 *
 * @param round the round
 * @param signer the committing address
 * @param updateHash the committed hash
 * @param size the update file's size in bytes
 */
public record UpdateAnnouncement(RoundId round, Address signer, ContentHash updateHash, long size) {
  public UpdateAnnouncement {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(updateHash, "updateHash");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
  }
}
