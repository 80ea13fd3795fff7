/**
 * The Netty host: TCP channels, the per-connection upgrade (multistream-select, Noise, yamux) and
 * the {@link io.d2ora.p2p.P2PNetwork} implementation, built by {@link
 * io.d2ora.p2p.transport.P2PNetworkBuilder}. The only package that sees Netty types.
 */
package io.d2ora.p2p.transport;
