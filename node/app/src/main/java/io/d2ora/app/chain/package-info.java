/**
 * The chain commands ({@code key}, {@code stake}, {@code round}, {@code chain devnet}) and how
 * every command reaches the chain: one set of flags ({@link io.d2ora.app.chain.ChainOptions}), one
 * resolver ({@link io.d2ora.app.chain.ChainSettings}: flag > environment > config file > devnet
 * file > default) that connects a keyless reader or a signing client. Chain failures become user
 * errors (exit 2) that name the contract's error, the round's phase and the deadline involved.
 */
package io.d2ora.app.chain;
