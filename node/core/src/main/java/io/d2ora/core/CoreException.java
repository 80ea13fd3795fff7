package io.d2ora.core;

/**
 * Root of core's unchecked exceptions. Its two branches say who is at fault, so a caller decides
 * what to do from the branch, never from a list of classes:
 *
 * <ul>
 *   <li>{@link InputFaultException}: the input is bad, whoever supplied it: a config, data, model
 *       or update file, a flag value, or bytes a peer sent. Repeating the call with the same input
 *       fails the same way. The CLI reports it as the user's mistake (exit code 2); the round logic
 *       drops a peer's input and penalises the peer.
 *   <li>{@link ExternalFaultException}: something outside this process failed or refused: the
 *       ledger (unreachable, or it reverted a write), the peer network, the node's own disk. The
 *       input may be fine; retrying later, or fixing the environment, may succeed.
 * </ul>
 *
 * Our own bugs are not {@code CoreException}s: they surface as the JDK's {@link
 * IllegalStateException} (a broken invariant) or {@link IllegalArgumentException} (a caller broke a
 * documented precondition), which the CLI reports as unexpected (exit code 1).
 *
 * <p>Sealed so that the branches stay the only two; the specific exceptions extend a branch.
 */
public abstract sealed class CoreException extends RuntimeException
    permits InputFaultException, ExternalFaultException {
  private static final long serialVersionUID = 1L;

  CoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
