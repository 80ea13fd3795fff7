package io.d2ora.app.cli;

/** A mistake by the person running the command: a bad flag value, a missing file. Exit code 2. */
public class UserException extends RuntimeException implements ExitCodes.UserFault {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
