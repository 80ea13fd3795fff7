package io.d2ora.core.round;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RoundRunner} is doing, for status displays and logs.
 *
 * @param round the round
 * @param stage the step it is at
 * @param detail a human-readable line (what it waits for, the last failure)
 * @param waitingUntil when it will act next, if it is waiting
 * @param consecutiveFailures ledger or network failures in a row (0 when healthy); the runner keeps
 *     retrying however long an outage lasts
 * @param outcome how the round ended, once it has
 */
public record RoundStatus(
    RoundId round,
    Stage stage,
    String detail,
    Optional<Instant> waitingUntil,
    int consecutiveFailures,
    Optional<RoundOutcome> outcome) {

  /** The steps of a round, in order. */
  public enum Stage {
    JOINING,
    TRAINING,
    COMMITTING,
    ANNOUNCING,
    COLLECTING,
    AGGREGATING,
    PROPOSING,
    ATTESTING,
    SETTLING,
    DONE
  }

  public RoundStatus {
    Objects.requireNonNull(round, "round");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(waitingUntil, "waitingUntil");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Whether the round has ended for this node. */
  public boolean done() {
    return outcome.isPresent();
  }
}
