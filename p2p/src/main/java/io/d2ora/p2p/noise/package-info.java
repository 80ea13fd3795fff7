/**
 * Noise XX for libp2p (https://github.com/libp2p/specs/blob/master/noise/README.md):
 * Noise_XX_25519_ChaChaPoly_SHA256 with the libp2p handshake payload binding the static X25519 key
 * to the peer's identity key. Pure state machines over byte arrays; the transport package frames
 * them on Netty.
 */
package io.d2ora.p2p.noise;
