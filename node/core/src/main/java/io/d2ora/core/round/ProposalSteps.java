package io.d2ora.core.round;

import static io.d2ora.core.round.RoundStatus.Stage.ATTESTING;
import static io.d2ora.core.round.RoundStatus.Stage.PROPOSING;

import io.d2ora.core.round.ProposalCheck.Decided;
import io.d2ora.core.round.ProposalCheck.Pending;
import io.d2ora.core.round.RoundOutcome.Result;
import io.d2ora.core.round.RoundRecord.Claim;
import io.d2ora.core.round.RoundRecord.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * From this node's aggregate to the round's result, on chain time: propose (the aggregator at once;
 * another committed participant only when no proposal matching its own result appeared within the
 * grace period, so a lying or silent aggregator cannot stall the round), attest the one proposal
 * {@link ProposalCheck} agrees with, and wait until a proposal reaches the quorum or the finalize
 * deadline passes. Proposals and attestations refused by the ledger are retried (after re-reading
 * the state) until the finalize deadline.
 *
 * <p>Attesting two proposals of a round is slashable, so the choice is journaled before the
 * attestation is sent and never changed: after a restart the node finds its attestation on the
 * ledger or sends the same one again.
 */
final class ProposalSteps {
  private final RoundContext ctx;
  private final ConclusionSteps conclusion;
  private final ProposalCheck check;
  private Instant proposeRetryAt = Instant.MIN;
  private Instant attestRetryAt = Instant.MIN;

  ProposalSteps(RoundContext ctx, ConclusionSteps conclusion, UpdateCollector collector) {
    this.ctx = ctx;
    this.conclusion = conclusion;
    this.check = new ProposalCheck(ctx, collector);
  }

  /** What the ledger says now, read once per step (chain time first). */
  private record View(
      Instant chain,
      List<Proposal> proposals,
      Map<Address, Participant> participants,
      Map<Address, Commitment> commitments) {

    Optional<Proposal> winner() {
      return proposals.stream().filter(Proposal::finalized).findFirst();
    }
  }

  Progress resolve(Instant now) {
    Instant chain = ctx.chainNow();
    View view =
        new View(chain, ctx.ledger().proposals(ctx.id()), ctx.participants(), ctx.commitments());
    boolean open = chain.getEpochSecond() <= ctx.info.finalizeDeadline();
    List<Instant> wakes = new ArrayList<>();
    if (open && view.winner().isEmpty() && mayPropose(view)) {
      Optional<Progress> reaggregated = propose(now, view, wakes);
      if (reaggregated.isPresent()) {
        return reaggregated.get();
      }
    }
    Optional<String> waitingFor = Optional.empty();
    if (open && mayAttest(view)) {
      waitingFor = attest(now, view, wakes);
    }
    Optional<Proposal> winner = view.winner();
    if (winner.isPresent()) {
      Optional<Verdict> verdict = verdictOn(winner.get(), now, view, wakes);
      if (verdict.isPresent() || !open) {
        return conclude(winner.get(), verdict);
      }
      waitingFor = Optional.of("checking the winning proposal " + winner.get().aggregateHash());
    } else if (!open) {
      ctx.conclude(
          Result.EXPIRED,
          Optional.empty(),
          ctx.record().aggregate(),
          ctx.record().aggregateIncluded(),
          "no proposal reached the quorum by the finalize deadline ("
              + view.proposals().size()
              + " proposed)");
      return Progress.proceed(ATTESTING, "expired");
    }
    String detail =
        waitingFor.orElse(
            "waiting for a quorum: "
                + view.proposals().size()
                + " proposals, best "
                + view.proposals().stream().mapToInt(Proposal::attestations).max().orElse(0)
                + " attestations");
    Instant deadline =
        RoundContext.wakeFor(now, chain, RoundContext.pastDeadline(ctx.info.finalizeDeadline()));
    Optional<Instant> soonest = wakes.stream().min(Instant::compareTo);
    RoundStatus.Stage stage =
        open && view.winner().isEmpty() && mayPropose(view) ? PROPOSING : ATTESTING;
    return Progress.waitUntil(stage, detail, ctx.earliest(now, deadline, soonest));
  }

  /** The aggregator, and every committed participant that is not slashed, may propose once. */
  private boolean mayPropose(View view) {
    // A node that chose a proposal to attest has cast its one vote: proposing more helps nobody.
    return !ctx.record().proposed()
        && ctx.record().attesting().isEmpty()
        && ctx.record().ownClaim().isPresent()
        && (ctx.self.equals(ctx.info.aggregator()) || standing(view));
  }

  /** Only a committed participant that is not slashed may attest. */
  private boolean mayAttest(View view) {
    return !ctx.record().attested() && standing(view);
  }

  private boolean standing(View view) {
    Participant me = view.participants().get(ctx.self);
    return view.commitments().containsKey(ctx.self) && me != null && !me.slashed();
  }

  /**
   * Proposes this node's result when it is its turn and nobody proposed it yet.
   *
   * @return the progress of a re-aggregation, when a participant this node included was slashed
   */
  private Optional<Progress> propose(Instant now, View view, List<Instant> wakes) {
    Claim own = ctx.record().ownClaim().orElseThrow();
    if (view.proposals().stream().anyMatch(p -> p.proposer().equals(ctx.self))) {
      ctx.journal.proposed("recovered");
      return Optional.empty();
    }
    if (view.proposals().stream().anyMatch(own::matches)) {
      return Optional.empty();
    }
    Instant turn = proposalTurn(view);
    if (view.chain().isBefore(turn)) {
      wakes.add(RoundContext.wakeFor(now, view.chain(), turn));
      return Optional.empty();
    }
    if (now.isBefore(proposeRetryAt)) {
      wakes.add(proposeRetryAt);
      return Optional.empty();
    }
    List<Address> slashed =
        own.included().stream().filter(a -> view.participants().get(a).slashed()).toList();
    if (!slashed.isEmpty()) {
      conclusion.recheckAccepted(view.commitments(), view.participants());
      return Optional.of(conclusion.aggregate());
    }
    try {
      LedgerReceipt receipt = ctx.ledger().propose(ctx.id(), own.hash(), own.included());
      ctx.journal.proposed(receipt.txHash());
      ctx.log()
          .info("round {}: proposed {} in block {}", ctx.id(), own.hash(), receipt.blockNumber());
    } catch (LedgerRejectedException e) {
      // Re-read before trying again: it may be proposed or final by now, or chain time lagged.
      ctx.log().warn("round {}: the ledger refused the proposal: {}", ctx.id(), e.getMessage());
      proposeRetryAt = now.plus(ctx.config.pollInterval());
      wakes.add(proposeRetryAt);
    }
    return Optional.empty();
  }

  /**
   * When (chain time) this node proposes its own result: the aggregator at once; the others after
   * the fetch window plus their grace period (the n-th in address order n times the grace), at the
   * latest by {@link RoundContext#decideBy()}.
   */
  private Instant proposalTurn(View view) {
    if (ctx.self.equals(ctx.info.aggregator())) {
      return Instant.MIN;
    }
    List<Address> others =
        view.commitments().keySet().stream()
            .filter(a -> !a.equals(ctx.info.aggregator()))
            .filter(a -> !view.participants().get(a).slashed())
            .sorted()
            .toList();
    int rank = Math.max(0, others.indexOf(ctx.self));
    Instant turn = ctx.fetchDeadline().plus(ctx.config.proposalGrace().multipliedBy(rank + 1L));
    return turn.isBefore(ctx.decideBy()) ? turn : ctx.decideBy();
  }

  /**
   * Attests the proposal this node chose, choosing it first if it has not: the winner if there is
   * one, else the first proposal it agrees with; while an earlier proposal is still being checked
   * it waits for that one until {@link RoundContext#decideBy()}.
   *
   * @return what it waits for, if anything
   */
  private Optional<String> attest(Instant now, View view, List<Instant> wakes) {
    Optional<Claim> chosen = ctx.record().attesting();
    if (chosen.isEmpty()) {
      Optional<Proposal> onLedger =
          view.proposals().stream().filter(p -> p.attesters().contains(ctx.self)).findFirst();
      if (onLedger.isPresent()) {
        // Not reachable through this runner (it journals first); adopt it rather than equivocate.
        ctx.journal.attesting(Claim.of(onLedger.get()));
        ctx.journal.attested("recovered");
        return Optional.empty();
      }
      List<Proposal> candidates = view.winner().map(List::of).orElse(view.proposals());
      for (Proposal p : candidates) {
        ProposalCheck.State state = check.check(p, view.commitments(), view.participants(), now);
        if (state instanceof Decided d && d.verdict().agrees()) {
          ctx.journal.attesting(Claim.of(p));
          chosen = Optional.of(Claim.of(p));
          break;
        }
        if (state instanceof Pending pending) {
          pending.retry().ifPresent(wakes::add);
          if (view.chain().isBefore(ctx.decideBy())) {
            wakes.add(RoundContext.wakeFor(now, view.chain(), ctx.decideBy()));
            return Optional.of("fetching the updates of " + pending.missing() + " to check " + p);
          }
        }
      }
      if (chosen.isEmpty()) {
        return Optional.empty();
      }
    }
    return send(now, chosen.get(), view, wakes);
  }

  private Optional<String> send(Instant now, Claim claim, View view, List<Instant> wakes) {
    Optional<Proposal> target = view.proposals().stream().filter(claim::matches).findFirst();
    if (target.isPresent() && target.get().attesters().contains(ctx.self)) {
      ctx.journal.attested("recovered");
      return Optional.empty();
    }
    if (now.isBefore(attestRetryAt)) {
      wakes.add(attestRetryAt);
      return Optional.of("attestation refused; retrying");
    }
    try {
      LedgerReceipt receipt = ctx.ledger().attest(ctx.id(), claim.hash(), claim.included());
      ctx.journal.attested(receipt.txHash());
      ctx.log()
          .info("round {}: attested {} in block {}", ctx.id(), claim.hash(), receipt.blockNumber());
      return Optional.empty();
    } catch (LedgerRejectedException e) {
      ctx.log().warn("round {}: the ledger refused the attestation: {}", ctx.id(), e.getMessage());
      attestRetryAt = now.plus(ctx.config.pollInterval());
      wakes.add(attestRetryAt);
      return Optional.of("attestation refused (" + e.getMessage() + "); retrying");
    }
  }

  /** This node's verdict on the winner, checking it if it has not yet (for its outcome). */
  private Optional<Verdict> verdictOn(
      Proposal winner, Instant now, View view, List<Instant> wakes) {
    ProposalCheck.State state = check.check(winner, view.commitments(), view.participants(), now);
    if (state instanceof Pending pending) {
      pending.retry().ifPresent(wakes::add);
      return Optional.empty();
    }
    return Optional.of(((Decided) state).verdict());
  }

  private Progress conclude(Proposal winner, Optional<Verdict> verdict) {
    String tally =
        "proposed by "
            + winner.proposer()
            + ", attested by "
            + winner.attestations()
            + " of "
            + winner.counted()
            + " (quorum "
            + winner.quorum()
            + ")";
    Result result;
    String detail;
    if (verdict.isEmpty()) {
      result = Result.UNVERIFIABLE;
      detail = "could not fetch the winner's included updates in time; " + tally;
    } else if (!verdict.get().agrees()) {
      result = Result.OUTVOTED;
      detail = "the winner " + verdict.get().reason() + "; " + tally;
    } else {
      result = winner.proposer().equals(ctx.self) ? Result.FINALIZED : Result.VERIFIED;
      detail = verdict.get().reason() + "; " + tally;
    }
    ctx.conclude(
        result,
        Optional.of(winner.aggregateHash()),
        ctx.record().aggregate(),
        winner.included(),
        detail);
    return Progress.proceed(ATTESTING, result.name().toLowerCase(Locale.ROOT));
  }
}
