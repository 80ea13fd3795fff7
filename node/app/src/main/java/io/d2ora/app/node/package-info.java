/**
 * {@code d2ora node run}: the node's configuration ({@link io.d2ora.app.node.NodeConfig}, resolved
 * flag > {@code D2ORA_*} environment > config file > default), its wiring of the core's round ports
 * onto chain and p2p ({@link io.d2ora.app.node.Node}), and the round loop.
 */
package io.d2ora.app.node;
