/**
 * multistream-select 1.0 (https://github.com/multiformats/multistream-select and
 * https://github.com/libp2p/specs/blob/master/connections/README.md): protocol negotiation on a
 * connection or stream, both roles, as a byte-level state machine that never consumes bytes beyond
 * the negotiation (pipelined application data stays in the caller's buffer).
 */
package io.d2ora.p2p.multistream;
