package io.d2ora.app.dashboard;

/**
 * A request the dashboard cannot answer, with the HTTP status that says whose fault it is: 400 a
 * malformed path, 404 nothing there, 503 the chain does not answer. Its message is shown on the
 * error page (escaped), so it says what to do and never holds a stack trace.
 */
public final class DashboardException extends RuntimeException {
  private final int status;

  public DashboardException(int status, String message) {
    super(message);
    this.status = status;
  }

  public DashboardException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
