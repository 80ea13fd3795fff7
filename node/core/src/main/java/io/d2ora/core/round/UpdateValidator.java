package io.d2ora.core.round;

/**
 * Checks that update bytes are a valid update for the round, on their own: decodes the file
 * defensively (sizes before allocation, no NaN/Inf), checks its layout, ranks and values against
 * the round's config and its metadata against the round and the signer's commitment. Called on the
 * round runner's thread for every update before it is accepted: fetched from a peer (after its hash
 * verified) or already in the store.
 *
 * <p>Whatever passes must be aggregable with every other update that passes: the aggregator may
 * only fail on an input the validator missed, which is a bug.
 */
@FunctionalInterface
public interface UpdateValidator {
  /**
   * @param signer who committed the update
   * @param numSamples the sample count the signer committed (the file must say the same)
   * @throws InvalidUpdateException if the bytes are not a valid update for {@code round}
   */
  void validate(RoundInfo round, Address signer, long numSamples, byte[] bytes);
}
