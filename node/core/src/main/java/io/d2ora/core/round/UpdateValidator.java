package io.d2ora.core.round;

/**
 * Checks that update bytes are a valid update for the round (decodes the file defensively: sizes
 * before allocation, shapes against the round's config, no NaN/Inf). Called on the round runner's
 * thread for every update fetched from a peer, after its hash verified and before it is stored.
 */
@FunctionalInterface
public interface UpdateValidator {
  /**
   * @throws InvalidUpdateException if the bytes are not a valid update for {@code round}
   */
  void validate(RoundInfo round, Address signer, byte[] bytes);
}
