package io.d2ora.core.round;

import io.d2ora.core.round.RoundRecord.Claim;
import io.d2ora.core.round.RoundRecord.Verdict;
import io.d2ora.core.store.ContentHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides whether this node would attest a proposal: only if the proposal's included set holds
 * every update this node verified and aggregated itself, includes none it rejected, and its own
 * recomputation over exactly that set gives the proposed hash. Included updates it lacks are
 * fetched and verified first (a proposal may rightly include an update this node could not get in
 * time). A verdict is journaled, so it is reached once per proposal, also across restarts.
 */
final class ProposalCheck {
  /** Where the check of one proposal stands. */
  sealed interface State {}

  /** A verdict was reached. */
  record Decided(Verdict verdict) implements State {}

  /** Included updates are still being fetched; check again at {@code retry} (or the next poll). */
  record Pending(List<Address> missing, Optional<Instant> retry) implements State {}

  private final RoundContext ctx;
  private final UpdateCollector collector;

  ProposalCheck(RoundContext ctx, UpdateCollector collector) {
    this.ctx = ctx;
    this.collector = collector;
  }

  /** Checks {@code p} as far as it can now, with the round's commitments and participants. */
  State check(
      Proposal p,
      Map<Address, Commitment> commitments,
      Map<Address, Participant> participants,
      Instant now) {
    Claim claim = Claim.of(p);
    Optional<Verdict> known = ctx.record().verdict(claim);
    if (known.isPresent()) {
      return new Decided(known.get());
    }
    Optional<Verdict> early = screen(claim, commitments, participants);
    if (early.isPresent()) {
      return decide(claim, early.get());
    }
    List<Commitment> wanted = new ArrayList<>();
    for (Address signer : claim.included()) {
      if (!ctx.record().fetched().containsKey(signer)) {
        wanted.add(commitments.get(signer));
      }
    }
    if (!wanted.isEmpty()) {
      Optional<Instant> retry = collector.pursue(wanted, now);
      List<Address> missing =
          wanted.stream().map(Commitment::signer).filter(s -> !ctx.record().settled(s)).toList();
      if (!missing.isEmpty()) {
        return new Pending(missing, retry);
      }
      // Every wanted update was fetched or rejected by now: screen again with what was learnt.
      return check(p, commitments, participants, now);
    }
    return decide(claim, recompute(claim));
  }

  /** The verdicts that need no recomputation, if one applies. */
  private Optional<Verdict> screen(
      Claim claim, Map<Address, Commitment> commitments, Map<Address, Participant> participants) {
    Optional<Claim> own = ctx.record().ownClaim();
    if (own.isPresent() && own.get().equals(claim)) {
      return Optional.of(new Verdict(true, "this node's own result"));
    }
    List<Address> leftOut =
        own.map(Claim::included).orElse(List.of()).stream()
            .filter(s -> !claim.included().contains(s))
            .toList();
    if (!leftOut.isEmpty()) {
      return Optional.of(new Verdict(false, "leaves out the verified updates of " + leftOut));
    }
    for (Address signer : claim.included()) {
      Commitment c = commitments.get(signer);
      if (c == null) {
        return Optional.of(new Verdict(false, "includes " + signer + ", who made no commitment"));
      }
      String rejected = ctx.record().rejected().get(signer);
      Optional<String> fault =
          Optional.ofNullable(rejected)
              .or(() -> CommitmentRules.exclusion(c, ctx.info, participants));
      if (fault.isPresent()) {
        return Optional.of(
            new Verdict(false, "includes an update this node rejected: " + fault.get()));
      }
    }
    return Optional.empty();
  }

  /** Aggregates the included updates (all verified by now) and compares with the claim. */
  private Verdict recompute(Claim claim) {
    Map<Address, RoundRecord.Accepted> accepted = new TreeMap<>();
    claim.included().forEach(s -> accepted.put(s, ctx.record().fetched().get(s)));
    ContentHash recomputed;
    try {
      // Stored: if this proposal wins, the next round starts from these bytes.
      recomputed =
          ctx.store.put(
              ctx.ports
                  .aggregator()
                  .aggregate(ctx.info, AcceptedUpdates.load(ctx.store, accepted)));
    } catch (InvalidUpdateException e) {
      return new Verdict(false, "an included update cannot be aggregated: " + e.getMessage());
    }
    if (!recomputed.equals(claim.hash())) {
      return new Verdict(false, "recomputed " + recomputed + " over its included set");
    }
    return new Verdict(true, "recomputed over its included set");
  }

  private State decide(Claim claim, Verdict verdict) {
    ctx.journal.checked(claim, verdict);
    if (!verdict.agrees()) {
      ctx.log()
          .warn(
              "round {}: declining proposal {} over {}: {}",
              ctx.id(),
              claim.hash(),
              claim.included(),
              verdict.reason());
    }
    return new Decided(verdict);
  }
}
