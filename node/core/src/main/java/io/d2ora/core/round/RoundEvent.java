package io.d2ora.core.round;

import java.util.Objects;

/**
 * A state change on the ledger that concerns rounds (one per registry contract event).
 *
 * @param kind what happened
 * @param round the round it happened in
 * @param actor who caused it (creator, joiner, signer, proposer, attester; the zero address when
 *     the event names nobody)
 * @param blockNumber the block that holds it
 */
public record RoundEvent(Kind kind, RoundId round, Address actor, long blockNumber) {
  /** The kinds of round events. */
  public enum Kind {
    CREATED,
    JOINED,
    COMMITTED,
    PROPOSED,
    ATTESTED,
    FINALIZED,
    FORFEITED,
    SETTLED
  }

  public RoundEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(actor, "actor");
  }
}
