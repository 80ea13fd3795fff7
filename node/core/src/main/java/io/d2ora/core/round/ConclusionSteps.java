package io.d2ora.core.round;

import static io.d2ora.core.round.RoundStatus.Stage.AGGREGATING;
import static io.d2ora.core.round.RoundStatus.Stage.CHECKING;
import static io.d2ora.core.round.RoundStatus.Stage.COLLECTING;
import static io.d2ora.core.round.RoundStatus.Stage.FINALIZING;

import io.d2ora.core.round.RoundOutcome.Result;
import io.d2ora.core.store.ContentHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collect, aggregate, then finalize (the round's aggregator) or check the finalization (everyone
 * else, disputing a mismatch). Waits are bounded by the round's deadlines: missing updates until
 * the fetch deadline, the finalization until the finalize deadline plus grace.
 */
final class ConclusionSteps {
  private final RoundContext ctx;
  private final UpdateCollector collector;

  ConclusionSteps(RoundContext ctx, UpdateCollector collector) {
    this.ctx = ctx;
    this.collector = collector;
  }

  Progress collect(Instant now) {
    Map<Address, Commitment> commitments = ctx.commitments();
    Map<Address, Participant> participants = ctx.participants();
    boolean closed = !now.isBefore(ctx.commitsSettledAt());
    collector.screen(commitments, closed);
    List<Commitment> wanted = new ArrayList<>();
    for (Commitment c : commitments.values()) {
      if (ctx.record().settled(c.signer())) {
        continue;
      }
      Optional<String> violation = CommitmentRules.violation(c, ctx.info, participants);
      if (violation.isPresent()) {
        ctx.log().warn("round {}: rejecting {}", ctx.id(), violation.get());
        ctx.journal.rejected(c.signer(), c.updateHash(), violation.get());
      } else {
        wanted.add(c);
      }
    }
    Optional<Instant> retry = collector.pursue(wanted, now);
    long pending = wanted.stream().filter(c -> !ctx.record().settled(c.signer())).count();
    if (closed && (pending == 0 || !now.isBefore(ctx.fetchDeadline()))) {
      recheckAccepted(commitments, participants);
      return aggregate();
    }
    String detail = ctx.record().fetched().size() + " updates verified, " + pending + " pending";
    Instant next = closed ? ctx.fetchDeadline() : ctx.commitsSettledAt();
    return Progress.waitUntil(COLLECTING, detail, earliest(now, next, retry));
  }

  /**
   * Re-applies the rules to updates accepted earlier in the round: a stake can be slashed after the
   * update was fetched, and what counts is the state when the round closes.
   */
  private void recheckAccepted(
      Map<Address, Commitment> commitments, Map<Address, Participant> participants) {
    for (Address signer : List.copyOf(ctx.record().fetched().keySet())) {
      Commitment c = commitments.get(signer);
      if (c == null) {
        continue; // not reachable: the ledger never drops a commitment
      }
      Optional<String> violation = CommitmentRules.violation(c, ctx.info, participants);
      if (violation.isPresent()) {
        ctx.log().warn("round {}: rejecting {}", ctx.id(), violation.get());
        ctx.journal.rejected(signer, c.updateHash(), violation.get());
      }
    }
  }

  Progress finalizeRound(Instant now) {
    ContentHash mine = ctx.record().aggregate().orElseThrow();
    List<Address> included = ctx.record().aggregateIncluded();
    Optional<Finalization> existing = ctx.ledger().finalization(ctx.id());
    if (existing.isPresent()) {
      return matches(existing.get()) ? finalized(mine, "found on the ledger") : check(now);
    }
    if (RoundContext.after(now, ctx.info.finalizeDeadline())) {
      ctx.end(
          Result.UNFINALIZED,
          Optional.empty(),
          Optional.of(mine),
          included,
          "the finalize deadline passed before this aggregator could finalize");
      return Progress.proceed(FINALIZING, "too late to finalize");
    }
    try {
      LedgerReceipt receipt = ctx.ledger().finalizeRound(ctx.id(), mine, included);
      return finalized(mine, "in block " + receipt.blockNumber() + " (" + receipt.txHash() + ")");
    } catch (LedgerRejectedException e) {
      existing = ctx.ledger().finalization(ctx.id());
      if (existing.isPresent()) {
        return matches(existing.get()) ? finalized(mine, "found on the ledger") : check(now);
      }
      ctx.end(
          Result.FAILED,
          Optional.empty(),
          Optional.of(mine),
          included,
          "the ledger refused the finalization: " + e.getMessage());
      return Progress.proceed(FINALIZING, "finalization refused");
    }
  }

  Progress check(Instant now) {
    Optional<Finalization> found = ctx.ledger().finalization(ctx.id());
    if (found.isEmpty()) {
      if (!now.isBefore(ctx.checkDeadline())) {
        ctx.end(
            Result.UNFINALIZED,
            Optional.empty(),
            ctx.record().aggregate(),
            ctx.record().aggregateIncluded(),
            "no finalization appeared by the finalize deadline");
        return Progress.proceed(CHECKING, "not finalized");
      }
      return Progress.waitUntil(
          CHECKING,
          "waiting for the finalization",
          earliest(now, ctx.checkDeadline(), Optional.empty()));
    }
    Finalization f = found.get();
    if (matches(f)) {
      return verified(f, f.aggregateHash(), "matches this node's aggregate");
    }
    return recheck(f, now);
  }

  /** Recomputes the aggregate over the finalized set and compares. */
  private Progress recheck(Finalization f, Instant now) {
    Map<Address, Commitment> commitments = ctx.commitments();
    Map<Address, Participant> participants = ctx.participants();
    List<String> faults = new ArrayList<>();
    List<Commitment> wanted = new ArrayList<>();
    for (Address signer : f.included()) {
      Commitment c = commitments.get(signer);
      Optional<String> fault =
          c == null
              ? Optional.of(signer + " has no commitment")
              : CommitmentRules.violation(c, ctx.info, participants)
                  .or(() -> Optional.ofNullable(ctx.record().rejected().get(signer)));
      fault.ifPresent(faults::add);
      if (fault.isEmpty() && !ctx.record().fetched().containsKey(signer)) {
        wanted.add(c);
      }
    }
    if (!faults.isEmpty()) {
      return dispute(f, ctx.record().aggregate().orElseThrow(), "includes " + faults);
    }
    if (!wanted.isEmpty()) {
      return fetchIncluded(wanted, now);
    }
    Map<Address, RoundRecord.Accepted> accepted = new java.util.TreeMap<>();
    f.included().forEach(s -> accepted.put(s, ctx.record().fetched().get(s)));
    List<VerifiedUpdate> updates = AcceptedUpdates.load(ctx.store, accepted);
    ContentHash recomputed;
    try {
      recomputed = ctx.store.put(ctx.ports.aggregator().aggregate(ctx.info, updates));
    } catch (InvalidUpdateException e) {
      return dispute(
          f,
          ctx.record().aggregate().orElseThrow(),
          "an included update cannot be aggregated: " + e.getMessage());
    }
    if (!recomputed.equals(f.aggregateHash())) {
      return dispute(f, recomputed, "recomputed " + recomputed + " over the finalized set");
    }
    return verified(
        f, recomputed, "recomputed over the finalized set, which differs from this node's own");
  }

  private Progress fetchIncluded(List<Commitment> wanted, Instant now) {
    Optional<Instant> retry = collector.pursue(wanted, now);
    List<Address> pending =
        wanted.stream().map(Commitment::signer).filter(s -> !ctx.record().settled(s)).toList();
    if (pending.isEmpty()) {
      return Progress.proceed(CHECKING, "fetched the finalized set's updates");
    }
    if (!now.isBefore(ctx.checkDeadline())) {
      ctx.end(
          Result.UNVERIFIABLE,
          ctx.ledger().finalization(ctx.id()).map(Finalization::aggregateHash),
          ctx.record().aggregate(),
          ctx.record().aggregateIncluded(),
          "could not fetch the included updates of " + pending);
      return Progress.proceed(CHECKING, "unverifiable");
    }
    return Progress.waitUntil(
        CHECKING,
        "fetching included updates of " + pending,
        earliest(now, ctx.checkDeadline(), retry));
  }

  private Progress aggregate() {
    List<VerifiedUpdate> updates =
        new ArrayList<>(AcceptedUpdates.load(ctx.store, ctx.record().fetched()));
    while (!updates.isEmpty()) {
      try {
        ContentHash hash = ctx.store.put(ctx.ports.aggregator().aggregate(ctx.info, updates));
        ctx.journal.aggregated(hash, AcceptedUpdates.signers(updates));
        return Progress.proceed(AGGREGATING, "aggregated " + updates.size() + " into " + hash);
      } catch (InvalidUpdateException e) {
        Optional<VerifiedUpdate> offender =
            updates.stream().filter(u -> e.signer().equals(Optional.of(u.signer()))).findFirst();
        if (offender.isEmpty()) {
          ctx.end(
              Result.FAILED,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              "the aggregator refused an input without naming it: " + e.getMessage());
          return Progress.proceed(AGGREGATING, "aggregation failed");
        }
        ctx.journal.rejected(
            offender.get().signer(), offender.get().hash(), "not aggregable: " + e.getMessage());
        updates.remove(offender.get());
      }
    }
    ctx.end(
        Result.NO_UPDATES,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        "no update verified in time");
    return Progress.proceed(AGGREGATING, "nothing to aggregate");
  }

  private Progress dispute(Finalization f, ContentHash claimed, String reason) {
    boolean filed =
        ctx.ledger().disputes(ctx.id()).stream().anyMatch(d -> d.disputer().equals(ctx.self));
    if (!filed) {
      try {
        ctx.ledger().dispute(ctx.id(), claimed);
      } catch (LedgerRejectedException e) {
        ctx.end(
            Result.FAILED,
            Optional.of(f.aggregateHash()),
            Optional.of(claimed),
            f.included(),
            "wanted to dispute (" + reason + ") but the ledger refused: " + e.getMessage());
        return Progress.proceed(CHECKING, "dispute refused");
      }
    }
    ctx.log().warn("round {}: disputing finalization {}: {}", ctx.id(), f.aggregateHash(), reason);
    ctx.end(
        Result.DISPUTED,
        Optional.of(f.aggregateHash()),
        Optional.of(claimed),
        f.included(),
        reason);
    return Progress.proceed(CHECKING, "disputed");
  }

  private boolean matches(Finalization f) {
    return ctx.record().aggregate().equals(Optional.of(f.aggregateHash()))
        && ctx.record().aggregateIncluded().equals(f.included());
  }

  private Progress finalized(ContentHash hash, String how) {
    ctx.end(
        Result.FINALIZED,
        Optional.of(hash),
        Optional.of(hash),
        ctx.record().aggregateIncluded(),
        "finalized " + how);
    return Progress.proceed(FINALIZING, "finalized");
  }

  private Progress verified(Finalization f, ContentHash local, String how) {
    ctx.end(Result.VERIFIED, Optional.of(f.aggregateHash()), Optional.of(local), f.included(), how);
    return Progress.proceed(CHECKING, "verified");
  }

  /** The sooner of {@code deadline}, {@code retry} and the next poll. */
  private Instant earliest(Instant now, Instant deadline, Optional<Instant> retry) {
    Instant next = now.plus(ctx.config.pollInterval());
    if (deadline.isAfter(now) && deadline.isBefore(next)) {
      next = deadline;
    }
    if (retry.isPresent() && retry.get().isBefore(next)) {
      next = retry.get().isAfter(now) ? retry.get() : now;
    }
    return next;
  }
}
