package io.d2ora.chain;

/** Summary of a mined, successful transaction. */
public record TxReceipt(Hash32 transactionHash, long blockNumber, long gasUsed) {}
