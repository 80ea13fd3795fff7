/**
 * Deterministic, verifiable aggregation of a round's verified updates into one update file ({@link
 * io.d2ora.core.aggregate.Aggregation}). Inputs are ordered by signer address, arithmetic runs in
 * double precision in a fixed order on one thread, results are rounded to float32 once: the same
 * inputs in any arrival order, on any JVM, give the same bytes and hence the same aggregate hash.
 * Strategies ({@link io.d2ora.core.aggregate.AggregationStrategy}): FedAvg, the server optimisers
 * FedAvgM and FedAdam ({@link io.d2ora.core.aggregate.ServerOptimizer}, state carried in the
 * aggregate file, {@link io.d2ora.core.aggregate.ServerState}), FFA-LoRA, exact (stacked factors,
 * optional SVD re-compression), coordinate-wise median, trimmed mean, norm clipping. {@code
 * AggregationPurityTest} keeps the path free of ND4J, parallel streams and Math exp/log/pow.
 */
package io.d2ora.core.aggregate;
