package io.d2ora.chain;

/**
 * A signer's on-chain commitment to an update: what {@code verify} checks fetched bytes against.
 */
public record Commitment(
    long roundId, Address signer, Hash32 updateHash, long numSamples, long blockNumber) {}
