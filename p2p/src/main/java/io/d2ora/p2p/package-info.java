/**
 * libp2p wire protocols on Netty: identities, transport, security, muxing, pubsub,
 * request/response.
 */
package io.d2ora.p2p;
