package io.d2ora.core.round;

/**
 * Proof that a ledger write took effect: the transaction and the block that included it.
 *
 * @param txHash the transaction hash as the ledger prints it ({@code 0x...})
 * @param blockNumber the including block
 */
public record LedgerReceipt(String txHash, long blockNumber) {
  public LedgerReceipt {
    if (txHash == null || txHash.isBlank()) {
      throw new IllegalArgumentException(
          "a receipt needs a transaction hash, got '" + txHash + "'");
    }
  }
}
