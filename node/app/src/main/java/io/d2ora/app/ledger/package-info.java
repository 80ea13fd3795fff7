/**
 * The chain side of a node: {@link io.d2ora.app.ledger.ChainRoundLedger}, the core's {@code
 * RoundLedger} port over the chain module's {@code ChainClient}, plus the peer directory and round
 * creation the node needs beyond the port. Translates between the chain module's records and the
 * core's; neither module sees the other.
 */
package io.d2ora.app.ledger;
