/**
 * Multiformats the libp2p wire protocols need: unsigned varints, base58btc, multihash and multiaddr
 * (https://github.com/multiformats). Every decoder validates sizes before allocating and throws
 * {@link io.d2ora.p2p.ProtocolViolationException} on malformed input.
 */
package io.d2ora.p2p.multiformats;
