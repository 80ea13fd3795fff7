package io.d2ora.app.node;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Which open rounds this node joins on its own. Joining reserves stake and promises an update
 * before the commit deadline, and anyone can create a round that names this node's round config; so
 * before joining the node checks the round's terms against the operator's policy:
 *
 * <ol>
 *   <li>the round fine-tunes the base model this node has (else every update it made would be
 *       useless and every update it received unjudgeable);
 *   <li>its creator and its aggregator are allowed ({@code join-allowed-creators}, {@code
 *       join-allowed-aggregators}; empty allows anyone);
 *   <li>the stake it reserves is at most {@code join-max-stake} (unset: any);
 *   <li>it keeps the stake locked at most {@code join-max-finalize-seconds} after the commit
 *       deadline;
 *   <li>the time left until the commit deadline covers training (as long as this node's last
 *       training took, else {@code join-training-seconds}) plus {@code join-margin-seconds} for
 *       joining and committing on chain.
 * </ol>
 *
 * @param allowedCreators creators whose rounds this node joins; empty: any
 * @param allowedAggregators aggregators whose rounds this node joins; empty: any
 * @param trainingEstimate how long training takes until it has been measured (zero: unknown)
 * @param margin time needed on top of training
 * @param maxFinalizeWindow longest time from the commit to the finalize deadline
 * @param maxStake largest minimum stake a round may reserve (token base units); empty: any
 */
public record JoinPolicy(
    Set<Address> allowedCreators,
    Set<Address> allowedAggregators,
    Duration trainingEstimate,
    Duration margin,
    Duration maxFinalizeWindow,
    Optional<BigInteger> maxStake) {

  public JoinPolicy {
    allowedCreators = Set.copyOf(allowedCreators);
    allowedAggregators = Set.copyOf(allowedAggregators);
  }

  /**
   * Why this node should not join {@code round}, or empty if it may.
   *
   * @param creator who created the round
   * @param baseModel the hash of the base model this node loaded
   * @param now the current time, epoch seconds (as the chain will stamp the join)
   * @param measuredTraining how long this node's last training took, if it has trained
   */
  public Optional<String> refusal(
      RoundInfo round,
      Address creator,
      ContentHash baseModel,
      long now,
      Optional<Duration> measuredTraining) {
    if (!round.baseModelHash().equals(baseModel)) {
      return Optional.of(
          "it fine-tunes base model " + round.baseModelHash() + ", this node has " + baseModel);
    }
    if (!allowedCreators.isEmpty() && !allowedCreators.contains(creator)) {
      return Optional.of("its creator " + creator + " is not in join-allowed-creators");
    }
    if (!allowedAggregators.isEmpty() && !allowedAggregators.contains(round.aggregator())) {
      return Optional.of(
          "its aggregator " + round.aggregator() + " is not in join-allowed-aggregators");
    }
    if (maxStake.isPresent() && round.minStake().compareTo(maxStake.get()) > 0) {
      return Optional.of(
          "it reserves stake " + round.minStake() + ", above join-max-stake " + maxStake.get());
    }
    long finalizeWindow = round.finalizeDeadline() - round.commitDeadline();
    if (finalizeWindow > maxFinalizeWindow.toSeconds()) {
      return Optional.of(
          "it keeps stake locked "
              + finalizeWindow
              + " s after the commit deadline, above join-max-finalize-seconds "
              + maxFinalizeWindow.toSeconds());
    }
    Duration training = measuredTraining.orElse(trainingEstimate);
    long needed = training.plus(margin).toSeconds();
    long left = round.commitDeadline() - now;
    if (left < needed) {
      return Optional.of(
          "it leaves "
              + left
              + " s until the commit deadline; this node needs "
              + needed
              + " s ("
              + training.toSeconds()
              + " s training, "
              + (measuredTraining.isPresent() ? "as measured last time" : "join-training-seconds")
              + ", plus join-margin-seconds "
              + margin.toSeconds()
              + ")");
    }
    return Optional.empty();
  }
}
