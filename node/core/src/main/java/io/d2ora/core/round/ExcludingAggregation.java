package io.d2ora.core.round;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates a round's accepted updates so that no single update fails the round for everyone: an
 * update the aggregator cannot take is left out by name (journaled as rejected) and the rest are
 * aggregated again. When the aggregator throws {@link InvalidUpdateException} (its port's only
 * failure; node/app turns any other into one), in this order:
 *
 * <ol>
 *   <li>it names the offending input ({@link InvalidUpdateException#signer()}): that one is left
 *       out;
 *   <li>it names none: every remaining input is validated again, on its own, and those the
 *       validator rejects now are left out;
 *   <li>all still validate: the aggregator fails on inputs the validator passed, which is a bug in
 *       one of them. It is logged as an error, and the inputs are left out one at a time in signer
 *       order: the first whose absence lets the others aggregate is rejected. If none does, the
 *       round fails with the aggregator's error.
 * </ol>
 *
 * Each rule depends only on the updates and the round, so every node holding the same accepted set
 * leaves out the same updates and computes the same aggregate.
 */
final class ExcludingAggregation {
  private static final Logger LOG = LoggerFactory.getLogger(ExcludingAggregation.class);

  /**
   * What came of it.
   *
   * @param bytes the aggregate file, if one was made
   * @param included the updates it includes, in signer order (empty without an aggregate)
   * @param problem why no aggregate was made although updates remained, else null
   */
  record Outcome(Optional<byte[]> bytes, List<VerifiedUpdate> included, String problem) {
    static Outcome of(byte[] bytes, List<VerifiedUpdate> included) {
      return new Outcome(Optional.of(bytes), List.copyOf(included), null);
    }
  }

  private final RoundContext ctx;

  ExcludingAggregation(RoundContext ctx) {
    this.ctx = ctx;
  }

  /** Aggregates {@code accepted} (ascending by signer), leaving out what cannot be aggregated. */
  Outcome aggregate(List<VerifiedUpdate> accepted) {
    List<VerifiedUpdate> left = new ArrayList<>(accepted);
    while (!left.isEmpty()) {
      InvalidUpdateException failure;
      try {
        return Outcome.of(ctx.ports.aggregator().aggregate(ctx.info, left), left);
      } catch (InvalidUpdateException e) {
        failure = e;
      }
      Optional<VerifiedUpdate> named = named(failure, left);
      if (named.isPresent()) {
        leaveOut(left, named.get(), "not aggregable: " + failure.getMessage());
      } else if (!leaveOutInvalid(left)) {
        LOG.error(
            "round {}: the aggregator failed on {} validated updates without naming one; this is"
                + " a bug in the validator or the aggregator",
            ctx.id(),
            left.size(),
            failure);
        Optional<Outcome> without = leaveOutCulprit(left, failure);
        if (without.isPresent()) {
          return without.get();
        }
        return new Outcome(
            Optional.empty(),
            List.of(),
            "the aggregator fails on the validated updates of "
                + AcceptedUpdates.signers(left)
                + " and on every subset without one of them: "
                + failure);
      }
    }
    return new Outcome(Optional.empty(), List.of(), null);
  }

  private static Optional<VerifiedUpdate> named(
      InvalidUpdateException e, List<VerifiedUpdate> left) {
    return e.signer().flatMap(s -> left.stream().filter(u -> u.signer().equals(s)).findFirst());
  }

  /** Validates each remaining update again; leaves out the invalid ones. */
  private boolean leaveOutInvalid(List<VerifiedUpdate> left) {
    boolean any = false;
    for (VerifiedUpdate u : List.copyOf(left)) {
      try {
        ctx.ports.validator().validate(ctx.info, u.signer(), u.numSamples(), u.bytes());
      } catch (InvalidUpdateException e) {
        leaveOut(left, u, "invalid update: " + e.getMessage());
        any = true;
      }
    }
    return any;
  }

  /** The aggregate without the first update (in signer order) whose absence lets it succeed. */
  private Optional<Outcome> leaveOutCulprit(
      List<VerifiedUpdate> left, InvalidUpdateException failure) {
    if (left.size() < 2) {
      return Optional.empty();
    }
    for (VerifiedUpdate suspect : List.copyOf(left)) {
      List<VerifiedUpdate> others = new ArrayList<>(left);
      others.remove(suspect);
      byte[] bytes;
      try {
        bytes = ctx.ports.aggregator().aggregate(ctx.info, others);
      } catch (InvalidUpdateException e) {
        continue;
      }
      leaveOut(
          left,
          suspect,
          "the aggregator failed without naming an input ("
              + failure.getMessage()
              + ") and succeeds without this update");
      return Optional.of(Outcome.of(bytes, others));
    }
    return Optional.empty();
  }

  private void leaveOut(List<VerifiedUpdate> left, VerifiedUpdate u, String reason) {
    ctx.log().warn("round {}: leaving out {}'s update: {}", ctx.id(), u.signer(), reason);
    ctx.journal.rejected(u.signer(), u.hash(), reason);
    left.remove(u);
  }
}
