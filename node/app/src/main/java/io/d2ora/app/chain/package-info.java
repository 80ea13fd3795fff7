/**
 * The chain commands: {@code key}, {@code stake}, {@code round} and {@code chain devnet}, over the
 * chain module's {@link io.d2ora.chain.ChainClient}. Chain failures become user errors (exit 2)
 * that name the contract's error, the round's phase and the deadline involved.
 */
package io.d2ora.app.chain;
