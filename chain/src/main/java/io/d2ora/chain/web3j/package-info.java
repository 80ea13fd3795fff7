/**
 * The {@link io.d2ora.chain.ChainReader} and {@link io.d2ora.chain.ChainClient} over web3j and the
 * generated wrappers: transaction sending with a local nonce, revert decoding by custom-error name,
 * event decoding and polling. web3j types stay in this package.
 */
package io.d2ora.chain.web3j;
