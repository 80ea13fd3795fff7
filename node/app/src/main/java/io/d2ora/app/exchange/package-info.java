/**
 * The peer-to-peer side of a node: {@link io.d2ora.app.exchange.PeerStack} assembles and owns the
 * libp2p network, gossipsub, discovery and the exchange, and dials a round's participants; {@link
 * io.d2ora.app.exchange.P2PUpdateExchange} is the core's {@code UpdateExchange} port over libp2p
 * (gossipsub announcements in {@link io.d2ora.app.exchange.AnnouncementCodec}'s format, update
 * bytes over {@code /d2ora/update/1.0.0}).
 */
package io.d2ora.app.exchange;
