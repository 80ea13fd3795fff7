package io.d2ora.core;

/**
 * The input is at fault, not this code and not the environment: a config, data, model or update
 * file, a flag value, hyper-parameters that make training diverge, or bytes a peer sent. The
 * message names the input and what was expected. See {@link CoreException} for how callers act.
 */
public abstract non-sealed class InputFaultException extends CoreException {
  private static final long serialVersionUID = 1L;

  protected InputFaultException(String message) {
    super(message, null);
  }

  protected InputFaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
