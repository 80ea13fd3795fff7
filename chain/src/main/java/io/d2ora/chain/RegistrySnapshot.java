package io.d2ora.chain;

/**
 * The registry's views pinned to one block (every {@code eth_call} names that block), so the reads
 * that make up one verdict or one status page see one state, even while new blocks arrive.
 */
public interface RegistrySnapshot extends RegistryViews {

  /** The block every read of this snapshot is answered at. */
  ChainBlock block();
}
