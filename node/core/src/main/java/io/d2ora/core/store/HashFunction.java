package io.d2ora.core.store;

/**
 * The digest that names content. Injected so the store and the round logic agree with the chain on
 * one function; the network uses {@link #keccak256()} (Ethereum's keccak256, as the registry
 * contract and {@code ethers.keccak256} compute it). Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface HashFunction {
  /** The digest of {@code data}. */
  ContentHash hash(byte[] data);

  /** Ethereum's keccak-256 (original Keccak padding, not NIST SHA3-256). */
  static HashFunction keccak256() {
    return Keccak256.INSTANCE;
  }
}
