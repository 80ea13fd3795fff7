package io.d2ora.chain;

import java.util.List;

/**
 * The contract reverted. {@link #errorName()} is the Solidity custom error (e.g. {@code
 * CommitClosed}), {@code Error} for a reason string, {@code Panic} for a panic code, or {@code
 * unknown} when the data could not be decoded; {@link #arguments()} are its decoded arguments as
 * text.
 */
public final class ChainRevertException extends ChainException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final String errorName;
  private final List<String> arguments;

  public ChainRevertException(String operation, String errorName, List<String> arguments) {
    super(
        "%s reverted: %s(%s)".formatted(operation, errorName, String.join(", ", arguments)), null);
    this.operation = operation;
    this.errorName = errorName;
    this.arguments = List.copyOf(arguments);
  }

  public String operation() {
    return operation;
  }

  public String errorName() {
    return errorName;
  }

  public List<String> arguments() {
    return arguments;
  }
}
