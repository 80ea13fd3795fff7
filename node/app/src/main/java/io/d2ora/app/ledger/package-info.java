/**
 * The chain side of a node: {@link io.d2ora.app.ledger.ChainRoundReader}, the core's {@code
 * RoundLedgerReader} over the chain module's {@code ChainReader} (no key: what verifying needs),
 * and {@link io.d2ora.app.ledger.ChainRoundLedger}, the core's {@code RoundLedger} over a signing
 * {@code ChainClient}; plus the peer directory, peer registration and round creation the node needs
 * beyond the port. Translates between the chain module's records and the core's; neither module
 * sees the other. Connections are made by {@code io.d2ora.app.chain.ChainSettings}.
 */
package io.d2ora.app.ledger;
