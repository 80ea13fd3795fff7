package io.d2ora.core.round;

import static io.d2ora.core.round.RoundStatus.Stage.SETTLING;

import java.time.Instant;
import java.util.Optional;

/**
 * Settles a round this node took part in, once the ledger allows it (a final proposal that every
 * counted participant attested, or a block past the finalize deadline), then ends the round with
 * the outcome {@link ProposalSteps} concluded. Settling releases every participant's reserved stake
 * and pays the rewards or refunds the pool; anyone may do it and it happens once. The winner's
 * proposer (or, for an expired round, the aggregator) settles first; the others wait one grace
 * period more before sending the same transaction, so a round is not settled by everyone at once.
 */
final class SettlementSteps {
  private final RoundContext ctx;
  private Instant allowedSince;
  private Instant retryAt = Instant.MIN;

  SettlementSteps(RoundContext ctx) {
    this.ctx = ctx;
  }

  Progress settle(Instant now) {
    if (ctx.record().settled().isPresent()) {
      return end(ctx.record().settled().get());
    }
    Optional<Settlement> done = ctx.ledger().settlement(ctx.id());
    if (done.isPresent()) {
      return recorded("by another", done.get());
    }
    Instant chain = ctx.chainNow();
    Optional<Finalization> fin = ctx.ledger().finalization(ctx.id());
    boolean allAttested =
        fin.filter(f -> f.proposal().attestations() >= f.proposal().counted()).isPresent();
    if (chain.getEpochSecond() <= ctx.info.finalizeDeadline() && !allAttested) {
      Instant deadline = RoundContext.pastDeadline(ctx.info.finalizeDeadline());
      return Progress.waitUntil(
          SETTLING,
          "waiting for a block past the finalize deadline " + ctx.info.finalizeDeadline(),
          ctx.earliest(now, RoundContext.wakeFor(now, chain, deadline), Optional.empty()));
    }
    if (allowedSince == null) {
      allowedSince = now;
    }
    boolean first =
        fin.map(f -> f.proposer().equals(ctx.self)).orElse(ctx.self.equals(ctx.info.aggregator()));
    Instant turn = first ? allowedSince : allowedSince.plus(ctx.config.proposalGrace());
    Instant at = turn.isAfter(retryAt) ? turn : retryAt;
    if (now.isBefore(at)) {
      return Progress.waitUntil(
          SETTLING, "settling at " + at, ctx.earliest(now, at, Optional.empty()));
    }
    try {
      LedgerReceipt receipt = ctx.ledger().settle(ctx.id());
      Settlement s =
          ctx.ledger()
              .settlement(ctx.id())
              .orElseThrow(
                  () ->
                      new LedgerUnavailableException(
                          "the settlement in block " + receipt.blockNumber() + " is not visible"));
      return recorded(receipt.txHash(), s);
    } catch (LedgerRejectedException e) {
      // Settled by another meanwhile, or chain time lagged: read again at the next poll.
      ctx.log().info("round {}: the ledger refused settling: {}", ctx.id(), e.getMessage());
      retryAt = now.plus(ctx.config.pollInterval());
      return Progress.waitUntil(SETTLING, "settling refused; retrying", retryAt);
    }
  }

  private Progress recorded(String tx, Settlement s) {
    String detail = describe(s);
    ctx.journal.settled(tx, detail);
    return end(detail);
  }

  private String describe(Settlement s) {
    String how = s.refunded() ? "refunded" : "settled";
    return how
        + " in block "
        + s.blockNumber()
        + ", reward to this node "
        + s.rewardOf(ctx.self)
        + (s.forfeits().isEmpty() ? "" : ", forfeited by " + s.forfeits().keySet());
  }

  private Progress end(String settled) {
    RoundOutcome c = ctx.record().concluded().orElseThrow();
    ctx.end(
        c.result(), c.finalizedHash(), c.localHash(), c.included(), c.detail() + "; " + settled);
    return Progress.proceed(SETTLING, settled);
  }
}
