/**
 * The devnet description file written by {@code scripts/devnet.sh} and read by the CLI
 * (--devnet-file).
 */
package io.d2ora.chain.devnet;
