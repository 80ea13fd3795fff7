package io.d2ora.chain;

/**
 * Summary of a mined, successful transaction, returned once it has the configured confirmations.
 */
public record TxReceipt(Hash32 transactionHash, long blockNumber, long gasUsed) {}
