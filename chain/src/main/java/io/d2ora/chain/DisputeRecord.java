package io.d2ora.chain;

/** A participant's recorded disagreement with a round's finalized aggregate hash. */
public record DisputeRecord(EthAddress participant, Hash32 claimedHash, long blockNumber) {}
