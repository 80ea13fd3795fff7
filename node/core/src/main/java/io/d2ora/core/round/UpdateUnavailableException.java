package io.d2ora.core.round;

/**
 * No peer served the requested bytes (none had them, all failed, or the request timed out). The
 * update may still appear later; callers retry until their deadline.
 */
public class UpdateUnavailableException extends RoundException {
  private static final long serialVersionUID = 1L;

  public UpdateUnavailableException(String message) {
    super(message);
  }

  public UpdateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
