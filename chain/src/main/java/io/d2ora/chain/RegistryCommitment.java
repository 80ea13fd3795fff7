package io.d2ora.chain;

/**
 * A signer's on-chain commitment to an update: what {@code verify} checks fetched bytes against.
 */
public record RegistryCommitment(
    long roundId, EthAddress signer, Hash32 updateHash, long numSamples, long blockNumber) {}
