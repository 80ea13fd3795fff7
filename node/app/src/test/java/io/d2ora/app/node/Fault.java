package io.d2ora.app.node;

/**
 * What a {@link ByzantinePeer} does wrong, each at a port boundary its real node owns: the update
 * its trainer hands over, its ledger calls, what its exchange serves, what it publishes on gossip,
 * and how it reads from others. Each fault says how an honest network must answer it.
 */
enum Fault {
  /** Commits twice the sample count its file states: rejected by name at validation. */
  WRONG_SAMPLE_COUNT(Target.UPDATE),
  /** Its file has rank r + 1 (zero-padded factors, PEFT config to match): rejected by name. */
  WRONG_RANK(Target.UPDATE),
  /** Every {@code lora_B} value is 1e30 (finite): rejected by name at the magnitude bound. */
  HUGE_TENSORS(Target.UPDATE),
  /** A NaN written into its file's bytes past its own encoder: rejected by name at decoding. */
  NAN_TENSORS(Target.UPDATE),
  /** Commits, announces, then serves nothing for its update: left out when the fetch ends. */
  WITHHOLD(Target.UPDATE),
  /**
   * Serves other bytes than it committed (with {@link #WITHHOLD}: every other request): the server
   * is penalised for the hash mismatch and its update left out.
   */
  SERVE_OTHER(Target.UPDATE),
  /**
   * Commits 2^64 - 1 samples (a valid uint64): the registry refuses it above the round's cap; the
   * node survives, observes, and is forfeited for joining without committing.
   */
  UINT64_MAX_SAMPLES(Target.NO_COMMITMENT),
  /**
   * After committing its update, signs a second one for the round and announces it: an honest peer
   * reports the two signatures and the registry slashes it.
   */
  EQUIVOCATION(Target.SLASHED),
  /**
   * Proposes and attests an aggregate whose hash nobody can recompute: no honest node attests it
   * and the attacker earns no reward.
   */
  WRONG_ATTESTATION(Target.ATTESTATION),
  /** Requests honest peers' updates on many streams and never reads: the readers are penalised. */
  SLOW_LORIS(Target.NETWORK),
  /** Publishes hundreds of announcements of updates it never committed: penalised, bounded. */
  ANNOUNCEMENT_FLOOD(Target.NETWORK);

  /** What the fault attacks, which decides how the round must treat the peer. */
  enum Target {
    /** Its update: left out of the aggregate, the peer stays a committed participant. */
    UPDATE,
    /** Its commitment never lands: it only joined. */
    NO_COMMITMENT,
    /** It is slashed, so it stops counting. */
    SLASHED,
    /** Its vote: its update is honest but it does not attest the honest result. */
    ATTESTATION,
    /** Other peers' resources: its own update and vote stay honest. */
    NETWORK
  }

  final Target target;

  Fault(Target target) {
    this.target = target;
  }
}
