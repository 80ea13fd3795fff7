package io.d2ora.core.round;

import static io.d2ora.core.round.RoundStatus.Stage.ANNOUNCING;
import static io.d2ora.core.round.RoundStatus.Stage.COMMITTING;
import static io.d2ora.core.round.RoundStatus.Stage.JOINING;
import static io.d2ora.core.round.RoundStatus.Stage.TRAINING;

import io.d2ora.core.round.RoundRecord.Accepted;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Optional;

/**
 * Join, train, commit, announce: the steps by which a node contributes its update. Whether a
 * deadline has passed is judged by chain time, as the ledger judges it. Each step first reads what
 * the ledger already holds, so a node restarted after a write whose journal entry was lost recovers
 * it instead of writing twice; and the update file is in the store before its hash is committed, so
 * nothing committed can be lost.
 */
final class ContributionSteps {
  private final RoundContext ctx;

  ContributionSteps(RoundContext ctx) {
    this.ctx = ctx;
  }

  Progress join() {
    if (ctx.participants().containsKey(ctx.self)) {
      ctx.journal.joined("recovered");
      return Progress.proceed(JOINING, "already a participant");
    }
    if (RoundContext.after(ctx.chainNow(), ctx.info.joinDeadline())) {
      skip("the join deadline " + ctx.info.joinDeadline() + " passed before this node joined");
      return Progress.proceed(JOINING, "join deadline passed");
    }
    try {
      LedgerReceipt receipt = ctx.ledger().join(ctx.id());
      ctx.journal.joined(receipt.txHash());
      return Progress.proceed(JOINING, "joined in block " + receipt.blockNumber());
    } catch (LedgerRejectedException e) {
      if (ctx.participants().containsKey(ctx.self)) {
        ctx.journal.joined("recovered");
        return Progress.proceed(JOINING, "already a participant");
      }
      skip("the ledger refused the join: " + e.getMessage());
      return Progress.proceed(JOINING, "join refused");
    }
  }

  Progress train() {
    if (RoundContext.after(ctx.chainNow(), ctx.info.commitDeadline())) {
      ctx.journal.observing("the commit deadline passed before training");
      return Progress.proceed(TRAINING, "too late to contribute");
    }
    Optional<Commitment> existing = ctx.ledger().commitment(ctx.id(), ctx.self);
    if (existing.isPresent()) {
      return recoverTrained(existing.get());
    }
    Optional<byte[]> start = ctx.startFrom.map(this::startingAdapter);
    TrainedUpdate update;
    try {
      update = ctx.ports.trainer().train(new TrainingContext(ctx.info, ctx.self, start));
    } catch (TrainingFailedException e) {
      ctx.journal.observing("training failed: " + e.getMessage());
      return Progress.proceed(TRAINING, "training failed");
    }
    ContentHash hash = ctx.store.put(update.bytes());
    ctx.journal.trained(hash, update.numSamples());
    return Progress.proceed(
        TRAINING, "trained " + hash + " on " + update.numSamples() + " samples");
  }

  Progress commit() {
    Accepted trained = ctx.record().trained().orElseThrow();
    Optional<Progress> recovered = recoverCommitted(trained);
    if (recovered.isPresent()) {
      return recovered.get();
    }
    if (RoundContext.after(ctx.chainNow(), ctx.info.commitDeadline())) {
      ctx.journal.observing("the commit deadline passed before committing");
      return Progress.proceed(COMMITTING, "too late to commit");
    }
    try {
      LedgerReceipt receipt = ctx.ledger().commit(ctx.id(), trained.hash(), trained.numSamples());
      ctx.journal.committed(trained.hash(), receipt.txHash());
      return Progress.proceed(COMMITTING, "committed in block " + receipt.blockNumber());
    } catch (LedgerRejectedException e) {
      return recoverCommitted(trained)
          .orElseGet(
              () -> {
                ctx.journal.observing("the ledger refused the commit: " + e.getMessage());
                return Progress.proceed(COMMITTING, "commit refused");
              });
    }
  }

  Progress announce() {
    ContentHash hash = ctx.record().committed().orElseThrow();
    long size = ctx.store.size(hash).orElseThrow(() -> missing(hash));
    ctx.ports.exchange().announce(new UpdateAnnouncement(ctx.id(), ctx.self, hash, size));
    ctx.journal.announced();
    return Progress.proceed(ANNOUNCING, "announced " + hash);
  }

  /** The ledger holds a commitment by this node that the journal lacks: adopt it. */
  private Progress recoverTrained(Commitment mine) {
    if (ctx.store.contains(mine.updateHash())) {
      ctx.journal.trained(mine.updateHash(), mine.numSamples());
      return Progress.proceed(TRAINING, "found own committed update " + mine.updateHash());
    }
    ctx.journal.observing(
        "this node committed " + mine.updateHash() + " earlier but the file is not in its store");
    return Progress.proceed(TRAINING, "own committed update missing; observing");
  }

  /** If the ledger already holds this node's commitment, journals it (or notes a conflict). */
  private Optional<Progress> recoverCommitted(Accepted trained) {
    Optional<Commitment> mine = ctx.ledger().commitment(ctx.id(), ctx.self);
    if (mine.isEmpty()) {
      return Optional.empty();
    }
    if (mine.get().updateHash().equals(trained.hash())) {
      ctx.journal.committed(trained.hash(), "recovered");
      return Optional.of(Progress.proceed(COMMITTING, "found own commitment on the ledger"));
    }
    // Committing again would be equivocation (slashable): never do it.
    ctx.journal.observing(
        "the ledger holds commitment "
            + mine.get().updateHash()
            + " by this node, not the trained "
            + trained.hash());
    return Optional.of(Progress.proceed(COMMITTING, "conflicting earlier commitment"));
  }

  private byte[] startingAdapter(ContentHash hash) {
    return ctx.store.get(hash).orElseThrow(() -> missing(hash));
  }

  private void skip(String reason) {
    ctx.end(RoundOutcome.Result.SKIPPED, Optional.empty(), Optional.empty(), List.of(), reason);
  }

  private static IllegalStateException missing(ContentHash hash) {
    return new IllegalStateException("file " + hash + " is not in the local store");
  }
}
