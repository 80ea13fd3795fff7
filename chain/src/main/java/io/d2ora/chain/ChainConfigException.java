package io.d2ora.chain;

/**
 * The configuration is wrong: chain id mismatch, no contract at the address, bad keystore or devnet
 * file.
 */
public final class ChainConfigException extends ChainException {
  private static final long serialVersionUID = 1L;

  public ChainConfigException(String message) {
    super(message, null);
  }

  public ChainConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
