/**
 * Decorators that make a {@link io.d2ora.chain.ChainReader} or {@link io.d2ora.chain.ChainClient}
 * ride out node outages under a {@link io.d2ora.chain.retry.RetryPolicy}: only calls that certainly
 * had no effect are repeated.
 */
package io.d2ora.chain.retry;
