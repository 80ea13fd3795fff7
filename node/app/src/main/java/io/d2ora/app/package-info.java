/**
 * The peer node: the {@code d2ora} command line and the wiring of core ports onto p2p and chain.
 */
package io.d2ora.app;
