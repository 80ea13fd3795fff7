package io.d2ora.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The registry's views, each answered as of one block: the latest for {@link ChainReader} itself, a
 * fixed one for a {@link RegistrySnapshot}. Round, participant and proposal records report the
 * facts of the round's own blocks (reservation at join, commit block and time, attestation), never
 * an account's current stake.
 *
 * <p>Every read blocks until the node answered; it throws {@link ChainUnavailableException} when
 * the node cannot be reached, {@link ChainDataException} when it answers with values the registry
 * cannot hold, {@link ChainConfigException} for a wrong setup. Thread-safe.
 */
public interface RegistryViews {

  BigInteger tokenBalance(EthAddress account);

  StakeInfo stakeOf(EthAddress account);

  /** Rounds created so far; ids are {@code 1..roundCount()}. */
  long roundCount();

  Optional<RegistryRound> round(long roundId);

  /** {@link RegistryRound.Phase#NONE} for an unknown round. */
  RegistryRound.Phase phase(long roundId);

  /** In join order. */
  List<EthAddress> participants(long roundId);

  Optional<RegistryParticipant> participant(long roundId, EthAddress account);

  /** Every participant's record, in join order. */
  List<RegistryParticipant> participantRecords(long roundId);

  /** Every commitment of a round, in participant (join) order. */
  List<RegistryCommitment> commitments(long roundId);

  /** Every proposal of a round, in proposal order (index 1 first). */
  List<RegistryProposal> proposals(long roundId);

  /** Proposal {@code index} (1-based), empty when there is none. */
  Optional<RegistryProposal> proposal(long roundId, int index);

  /** The index of the proposal with this aggregate and included set, empty when none. */
  OptionalInt proposalIndex(long roundId, Hash32 aggregateHash, Hash32 includedSetHash);

  /** The peer {@code account} named, unverified: check its proof before trusting it. */
  Optional<PeerRegistration> peer(EthAddress account);
}
