/**
 * Local training and aggregation as a node's rounds see them: the round config (training config +
 * aggregation strategy, named on chain by its keccak-256), {@link
 * io.d2ora.app.training.TheiaLocalTrainer} over Theia's trainer, and {@link
 * io.d2ora.app.training.AdapterAggregator}, the validator and aggregator ports over the adapter
 * codec and {@code io.d2ora.core.aggregate}.
 */
package io.d2ora.app.training;
