package io.d2ora.core.round;

import static io.d2ora.core.round.RoundStatus.Stage.AGGREGATING;
import static io.d2ora.core.round.RoundStatus.Stage.COLLECTING;

import io.d2ora.core.round.RoundOutcome.Result;
import io.d2ora.core.store.ContentHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collect the others' updates, then aggregate what verified. Commitments are complete once the
 * ledger shows a block past the commit deadline (chain time, not this node's clock: on a chain with
 * slow blocks the latest block can lag the wall clock by many seconds), or earlier once joining
 * closed and every participant committed; missing updates are fetched until the fetch deadline.
 * {@link ProposalSteps} takes it from there.
 */
final class ConclusionSteps {
  private final RoundContext ctx;
  private final UpdateCollector collector;

  ConclusionSteps(RoundContext ctx, UpdateCollector collector) {
    this.ctx = ctx;
    this.collector = collector;
  }

  Progress collect(Instant now) {
    // Chain time first: commitments read after a block past the deadline are all there will be.
    Instant chain = ctx.chainNow();
    Map<Address, Commitment> commitments = ctx.commitments();
    Map<Address, Participant> participants = ctx.participants();
    boolean closed =
        chain.getEpochSecond() > ctx.info.commitDeadline()
            || everyoneCommitted(chain, participants, commitments);
    collector.screen(commitments, closed);
    List<Commitment> wanted = new ArrayList<>();
    for (Commitment c : commitments.values()) {
      if (ctx.record().settled(c.signer())) {
        continue;
      }
      Optional<String> exclusion = CommitmentRules.exclusion(c, ctx.info, participants);
      if (exclusion.isPresent()) {
        ctx.log().warn("round {}: rejecting {}", ctx.id(), exclusion.get());
        ctx.journal.rejected(c.signer(), c.updateHash(), exclusion.get());
      } else {
        wanted.add(c);
      }
    }
    Optional<Instant> retry = collector.pursue(wanted, now);
    long pending = wanted.stream().filter(c -> !ctx.record().settled(c.signer())).count();
    if (closed && (pending == 0 || !chain.isBefore(ctx.fetchDeadline()))) {
      recheckAccepted(commitments, participants);
      return aggregate();
    }
    String detail =
        closed
            ? ctx.record().fetched().size() + " updates verified, " + pending + " pending"
            : "waiting for every participant to commit, or a block past the commit deadline "
                + ctx.info.commitDeadline();
    Instant next = closed ? ctx.fetchDeadline() : ctx.info.commitClosesAfter();
    return Progress.waitUntil(
        COLLECTING, detail, ctx.earliest(now, RoundContext.wakeFor(now, chain, next), retry));
  }

  /**
   * Joining closed (a block past its deadline) and every participant committed: the ledger lets the
   * round move on before its commit deadline, since no commitment can come any more.
   */
  private boolean everyoneCommitted(
      Instant chain, Map<Address, Participant> participants, Map<Address, Commitment> commitments) {
    return chain.getEpochSecond() > ctx.info.joinDeadline()
        && !participants.isEmpty()
        && commitments.keySet().containsAll(participants.keySet());
  }

  /**
   * Re-applies the rules to updates accepted earlier in the round: a participant can be slashed
   * after its update was fetched, and what counts is the state when the round closes.
   */
  void recheckAccepted(
      Map<Address, Commitment> commitments, Map<Address, Participant> participants) {
    for (Address signer : List.copyOf(ctx.record().fetched().keySet())) {
      Commitment c = commitments.get(signer);
      if (c == null) {
        continue; // not reachable: the ledger never drops a commitment
      }
      Optional<String> exclusion = CommitmentRules.exclusion(c, ctx.info, participants);
      if (exclusion.isPresent()) {
        ctx.log().warn("round {}: rejecting {}", ctx.id(), exclusion.get());
        ctx.journal.rejected(signer, c.updateHash(), exclusion.get());
      }
    }
  }

  /** Aggregates the accepted updates (again, when one was rejected since) and journals it. */
  Progress aggregate() {
    List<VerifiedUpdate> accepted = AcceptedUpdates.load(ctx.store, ctx.record().fetched());
    ExcludingAggregation.Outcome outcome = new ExcludingAggregation(ctx).aggregate(accepted);
    if (outcome.bytes().isPresent()) {
      ContentHash hash = ctx.store.put(outcome.bytes().get());
      ctx.journal.aggregated(hash, AcceptedUpdates.signers(outcome.included()));
      return Progress.proceed(
          AGGREGATING, "aggregated " + outcome.included().size() + " into " + hash);
    }
    if (outcome.problem() != null) {
      ctx.conclude(Result.FAILED, Optional.empty(), Optional.empty(), List.of(), outcome.problem());
      return Progress.proceed(AGGREGATING, "aggregation failed");
    }
    String why =
        accepted.isEmpty()
            ? "no update verified in time"
            : "every accepted update was left out as not aggregable";
    ctx.conclude(Result.NO_UPDATES, Optional.empty(), Optional.empty(), List.of(), why);
    return Progress.proceed(AGGREGATING, "nothing to aggregate");
  }
}
