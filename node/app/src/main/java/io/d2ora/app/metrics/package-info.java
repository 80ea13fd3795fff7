/**
 * The node's Prometheus metrics ({@link io.d2ora.app.metrics.NodeMetrics}): round stage, updates
 * fetched and rejected, bytes served, gossip peers and scores, chain call latency and retries,
 * training step time and throughput. p2p and chain report through their own listener interfaces;
 * this package wires them into one registry. Label values are bounded ({@link
 * io.d2ora.app.metrics.BoundedLabel}): no peer-supplied string becomes a series of its own.
 */
package io.d2ora.app.metrics;
