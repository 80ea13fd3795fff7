/**
 * Rounds as a node lives them. The ports the round logic needs, in its own terms: {@link
 * io.d2ora.core.round.RoundLedger} (the chain), {@link io.d2ora.core.round.UpdateExchange} (the
 * peer-to-peer network), {@link io.d2ora.core.round.LocalTrainer}, {@link
 * io.d2ora.core.round.UpdateValidator}, {@link io.d2ora.core.round.UpdateAggregator} and {@link
 * io.d2ora.core.round.Clock}; node/app implements them over chain, p2p and the ML packages. On top:
 * {@link io.d2ora.core.round.RoundRunner}, the resumable state machine that takes a node through a
 * round, and {@link io.d2ora.core.round.RoundVerifier}, which re-checks a finished round from the
 * ledger and the updates' bytes for {@code d2ora verify round}.
 */
package io.d2ora.core.round;
