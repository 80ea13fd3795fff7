/**
 * Test fixtures other modules reuse (published as d2ora-chain's test-jar): {@link
 * io.d2ora.chain.testing.HardhatDevnet} starts a real Hardhat node on a free port and deploys the
 * registry.
 */
package io.d2ora.chain.testing;
