package io.d2ora.chain;

/**
 * Failures of the chain module, by who is at fault: {@link ChainUnavailableException} (the node
 * cannot be reached; retry later), {@link ChainRevertException} (the contract refused the call: a
 * caller or protocol mistake), {@link ChainConfigException} (wrong chain, address, key or file: fix
 * the configuration) and {@link ChainDataException} (the node answered with values the registry
 * cannot hold: distrust it).
 */
public abstract sealed class ChainException extends RuntimeException
    permits ChainUnavailableException,
        ChainRevertException,
        ChainConfigException,
        ChainDataException {
  private static final long serialVersionUID = 1L;

  protected ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
