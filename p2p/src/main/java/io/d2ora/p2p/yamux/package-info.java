/**
 * yamux framing and flow-control rules (https://github.com/hashicorp/yamux/blob/master/spec.md, as
 * used by libp2p under {@code /yamux/1.0.0}). The session that multiplexes streams over a Netty
 * channel lives in the transport package and uses these.
 */
package io.d2ora.p2p.yamux;
