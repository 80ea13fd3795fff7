package io.d2ora.chain;

/**
 * The node answered with data the registry cannot have produced: a value outside its type's range
 * or the contract's bounds (a round id beyond {@code long}, a timestamp beyond {@link
 * java.time.Instant#MAX}, an unknown enum value). The node or the contract at the registry address
 * is not to be trusted; repeating the read will not help.
 */
public final class ChainDataException extends ChainException {
  private static final long serialVersionUID = 1L;

  public ChainDataException(String message) {
    super(message, null);
  }
}
