package io.d2ora.p2p.rpc;

/**
 * The hash that names content, chosen by the application (the node uses keccak-256); p2p itself
 * knows no chain. Must be thread-safe.
 */
@FunctionalInterface
public interface ContentHash {
  byte[] hash(byte[] content);
}
