package io.d2ora.p2p.rpc;

/**
 * The digest that names content, chosen by the application (the node uses keccak-256); p2p itself
 * knows no chain. Must be thread-safe.
 */
@FunctionalInterface
public interface ContentDigest {
  byte[] digest(byte[] content);
}
