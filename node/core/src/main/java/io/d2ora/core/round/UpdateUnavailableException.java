package io.d2ora.core.round;

import io.d2ora.core.ExternalFaultException;

/**
 * No peer served the requested bytes (none had them, all failed, or the request timed out). The
 * update may still appear later; callers retry until their deadline.
 */
public class UpdateUnavailableException extends ExternalFaultException {
  private static final long serialVersionUID = 1L;

  public UpdateUnavailableException(String message) {
    super(message);
  }

  public UpdateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
