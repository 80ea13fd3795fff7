/**
 * Test fixtures other modules reuse (published as d2ora-chain's test-jar): {@link
 * io.d2ora.chain.testing.Devnet}, the one devnet every integration test starts: a real Hardhat (or
 * Anvil, with real block times) node on a free port with the registry deployed.
 */
package io.d2ora.chain.testing;
