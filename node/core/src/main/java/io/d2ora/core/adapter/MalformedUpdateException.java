package io.d2ora.core.adapter;

/**
 * The bytes are not a valid update file (bad header, bad offsets, wrong dtype or shape, NaN/Inf,
 * over a size limit, metadata missing or unparsable). Whoever produced the bytes is at fault: a
 * node receiving such bytes from a peer drops them and penalises the sender.
 */
public class MalformedUpdateException extends AdapterException {
  private static final long serialVersionUID = 1L;

  public MalformedUpdateException(String message) {
    super(message);
  }

  public MalformedUpdateException(String message, Throwable cause) {
    super(message, cause);
  }
}
