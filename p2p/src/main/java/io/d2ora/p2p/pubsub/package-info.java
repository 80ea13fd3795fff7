/**
 * Publish/subscribe: gossipsub v1.1 ({@code /meshsub/1.1.0}, {@code /meshsub/1.0.0}) with floodsub
 * ({@code /floodsub/1.0.0}) fallback, StrictSign messages, application validators and peer scoring.
 * Entry points: {@link io.d2ora.p2p.pubsub.PubSub} and {@link
 * io.d2ora.p2p.pubsub.GossipSub#attach}. The router ({@code GossipRouter}) is a single-threaded
 * state machine behind a small I/O interface, so it is tested with in-memory peers.
 */
package io.d2ora.p2p.pubsub;
