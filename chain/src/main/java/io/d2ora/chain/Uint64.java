package io.d2ora.chain;

import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * Quantities the chain reports as {@code uint64} (sample counts) are carried as {@link BigInteger}:
 * a valid {@code uint64} may exceed {@code Long.MAX_VALUE}, and a read must never throw for it.
 * This says whether one fits a {@code long}.
 */
public final class Uint64 {
  private Uint64() {}

  /** {@code value} as a {@code long}, empty when negative or above {@code Long.MAX_VALUE}. */
  public static OptionalLong exact(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 63) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(value.longValue());
  }
}
