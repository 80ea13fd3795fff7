package io.d2ora.core.round;

import io.d2ora.core.InputFaultException;
import java.util.Optional;

/**
 * Update bytes that match their commitment but are not a valid update for the round: malformed
 * file, shapes that do not fit the round's config, NaN or infinite values, a wrong base model. The
 * signer committed garbage: its update is excluded and the peer that served it penalised.
 */
public class InvalidUpdateException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  private final Address signer;

  /** An invalid update, signer unknown to the thrower (the validator's case). */
  public InvalidUpdateException(String message) {
    this(null, message, null);
  }

  /**
   * An invalid update by {@code signer} (the aggregator's case: it names the offending input).
   *
   * @param signer the signer of the invalid update, or null if unknown
   */
  public InvalidUpdateException(Address signer, String message, Throwable cause) {
    super(message, cause);
    this.signer = signer;
  }

  /** The signer of the offending update, when the thrower knows it. */
  public Optional<Address> signer() {
    return Optional.ofNullable(signer);
  }
}
