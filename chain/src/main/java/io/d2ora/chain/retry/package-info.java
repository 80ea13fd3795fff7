/**
 * Decorators that make a {@link io.d2ora.chain.ChainReader} or {@link io.d2ora.chain.ChainClient}
 * ride out node outages.
 */
package io.d2ora.chain.retry;
