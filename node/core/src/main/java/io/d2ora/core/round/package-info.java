/**
 * Rounds as a node lives them. The ports the round logic needs, in its own terms: {@link
 * io.d2ora.core.round.RoundLedger} (the chain), {@link io.d2ora.core.round.UpdateExchange} (the
 * peer-to-peer network), {@link io.d2ora.core.round.LocalTrainer}, {@link
 * io.d2ora.core.round.UpdateValidator}, {@link io.d2ora.core.round.UpdateAggregator} and {@link
 * io.d2ora.core.round.Clock}; node/app implements them over chain, p2p and the ML packages. On top:
 * {@link io.d2ora.core.round.RoundRunner}, the resumable state machine that takes a node through a
 * round, and {@link io.d2ora.core.round.RoundVerifier}, which re-checks a finished round from the
 * ledger and the updates' bytes for {@code d2ora verify round}.
 *
 * <p>The ports' exceptions say who is at fault ({@link io.d2ora.core.CoreException}): the ledger
 * ({@link io.d2ora.core.round.LedgerUnavailableException}, {@link
 * io.d2ora.core.round.LedgerRejectedException}) and the network ({@link
 * io.d2ora.core.round.ExchangeUnavailableException}, {@link
 * io.d2ora.core.round.UpdateUnavailableException}) are external faults; a peer's update ({@link
 * io.d2ora.core.round.InvalidUpdateException}) and local training ({@link
 * io.d2ora.core.round.TrainingFailedException}) are input faults.
 */
package io.d2ora.core.round;
