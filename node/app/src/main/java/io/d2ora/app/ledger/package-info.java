/**
 * The chain side of a node: {@link io.d2ora.app.ledger.ChainRoundLedger}, the core's {@code
 * RoundLedger} port over the D2ORA registry contract, plus the peer directory and round creation
 * the node needs beyond the port. web3j types stay inside this package ({@code RegistryContract}).
 */
package io.d2ora.app.ledger;
