package io.d2ora.core.round;

/**
 * The ledger's latest block: its number and timestamp (epoch seconds).
 *
 * @param blockNumber latest block number
 * @param timestamp its timestamp, epoch seconds
 */
public record ChainTime(long blockNumber, long timestamp) {}
