/**
 * Finding and keeping peers: bootstrap addresses, addresses handed in by the application (the node
 * passes peers registered on chain), reconnection with exponential backoff up to a connection
 * target, and libp2p mDNS on the local network.
 */
package io.d2ora.p2p.discovery;
