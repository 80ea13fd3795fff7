package io.d2ora.app.cli;

import io.d2ora.core.InputFaultException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Exit codes of every command: 0 success, 1 unexpected error, 2 configuration or user error.
 * Exceptions that are the user's fault print their message alone: the app's own ({@link
 * UserException}, or anything implementing {@link UserFault}) and core's input-fault branch ({@link
 * InputFaultException}: on the command line, the input is the user's). Anything else, core's
 * external faults included, prints the stack trace.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int UNEXPECTED = 1;
  public static final int USER_ERROR = 2;

  private ExitCodes() {}

  /** Marks exception types that describe a caller mistake (bad flag, bad file, bad config). */
  public interface UserFault {}

  public static CommandLine configure(CommandLine commandLine) {
    return commandLine
        .setExitCodeExceptionMapper(e -> isUserFault(e) ? USER_ERROR : UNEXPECTED)
        .setExecutionExceptionHandler(ExitCodes::handle)
        .setExecutionStrategy(UsageErrors::rejectUnmatchedThenRun)
        .setParameterExceptionHandler(UsageErrors::print);
  }

  private static int handle(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (isUserFault(e)) {
      err.println("error: " + e.getMessage());
      return USER_ERROR;
    }
    err.println("unexpected error: " + e);
    e.printStackTrace(err);
    return UNEXPECTED;
  }

  static boolean isUserFault(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserFault || t instanceof InputFaultException) {
        return true;
      }
    }
    return false;
  }
}
