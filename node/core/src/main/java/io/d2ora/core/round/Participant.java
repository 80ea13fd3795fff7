package io.d2ora.core.round;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A round's participant and the stake it holds locked (token base units), as the ledger reports.
 *
 * @param address the participant's signing address
 * @param stake its stake
 */
public record Participant(Address address, BigInteger stake) {
  public Participant {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(stake, "stake");
    if (stake.signum() < 0) {
      throw new IllegalArgumentException("stake must be >= 0, got " + stake);
    }
  }
}
