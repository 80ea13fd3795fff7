package io.d2ora.core.round;

import java.util.List;

/**
 * Deterministic aggregation as a round sees it. node/app wires it to {@code
 * io.d2ora.core.aggregate} with the strategy named by the round's training config ({@link
 * RoundInfo#configHash()}): same inputs, any machine, identical bytes. Called on the round runner's
 * (or verifier's) thread.
 */
@FunctionalInterface
public interface UpdateAggregator {
  /**
   * Aggregates the verified updates of one round.
   *
   * @param round the round (its config selects the strategy)
   * @param orderedBySigner at least one update, in ascending signer address order
   * @return the aggregate file; its hash is what the round is finalized with
   * @throws InvalidUpdateException naming the signer when one input cannot be aggregated (the round
   *     logic leaves it out and aggregates the rest). Inputs have passed the {@link
   *     UpdateValidator}, so a failure that names no input is a bug; the round logic then finds the
   *     input to leave out itself (see {@code ExcludingAggregation}).
   */
  byte[] aggregate(RoundInfo round, List<VerifiedUpdate> orderedBySigner);
}
