/** The libp2p ping protocol (https://github.com/libp2p/specs/blob/master/ping/ping.md). */
package io.d2ora.p2p.ping;
