package io.d2ora.app.ledger;

import java.util.Objects;

/**
 * Where and as whom a node talks to the chain.
 *
 * @param rpcUrl the JSON-RPC endpoint (HTTP)
 * @param chainId the chain id the node expects (checked against the endpoint's)
 * @param registry the registry contract's address
 * @param privateKeyHex the node's account key, 0x + 64 hex digits
 */
public record ChainAccess(String rpcUrl, long chainId, String registry, String privateKeyHex) {
  public ChainAccess {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(privateKeyHex, "privateKeyHex");
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be > 0, got " + chainId);
    }
  }

  @Override
  public String toString() {
    return "ChainAccess[" + rpcUrl + ", chain " + chainId + ", registry " + registry + "]";
  }
}
