/** {@code d2ora p2p id|listen|ping}: diagnostic commands for the libp2p layer. */
package io.d2ora.app.p2p;
