/**
 * Helpers for protocols built on {@link io.d2ora.p2p.P2PStream}: uvarint-length-prefixed message
 * framing and whole-stream collection, both with size limits checked before allocation.
 */
package io.d2ora.p2p.stream;
