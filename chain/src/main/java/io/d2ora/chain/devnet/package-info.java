/**
 * The devnet description file written by {@code scripts/devnet.sh} and read by the CLI
 * (--chain-devnet-file).
 */
package io.d2ora.chain.devnet;
