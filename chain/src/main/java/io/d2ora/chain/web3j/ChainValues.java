package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainDataException;
import java.math.BigInteger;
import java.time.Instant;

/**
 * Checked conversions of values the node returned: a value outside the Java type (a round id above
 * {@code Long.MAX_VALUE}, a timestamp beyond {@link Instant#MAX}, an unknown enum ordinal) is a
 * {@link ChainDataException} naming the field, never an {@link ArithmeticException}. Sample counts
 * are not converted at all: records carry them as {@link BigInteger}.
 */
final class ChainValues {
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ChainValues() {}

  static long toLong(String field, BigInteger value) {
    if (value == null || value.signum() < 0 || value.compareTo(LONG_MAX) > 0) {
      throw new ChainDataException(
          "the chain returned %s = %s, outside 0..%d".formatted(field, value, Long.MAX_VALUE));
    }
    return value.longValue();
  }

  static int toInt(String field, BigInteger value) {
    if (value == null || value.signum() < 0 || value.bitLength() > 31) {
      throw new ChainDataException(
          "the chain returned %s = %s, outside 0..%d".formatted(field, value, Integer.MAX_VALUE));
    }
    return value.intValue();
  }

  static Instant toTime(String field, BigInteger seconds) {
    long s = toLong(field, seconds);
    if (s > Instant.MAX.getEpochSecond()) {
      throw new ChainDataException(
          "the chain returned %s = %d s, beyond any representable time".formatted(field, s));
    }
    return Instant.ofEpochSecond(s);
  }

  static <E extends Enum<E>> E toEnum(String field, BigInteger ordinal, Class<E> type) {
    E[] values = type.getEnumConstants();
    if (ordinal == null
        || ordinal.signum() < 0
        || ordinal.compareTo(BigInteger.valueOf(values.length)) >= 0) {
      throw new ChainDataException(
          "the chain returned %s = %s, not a %s (0..%d)"
              .formatted(field, ordinal, type.getSimpleName(), values.length - 1));
    }
    return values[ordinal.intValue()];
  }

  static BigInteger nonNegative(String field, BigInteger value) {
    if (value == null || value.signum() < 0) {
      throw new ChainDataException("the chain returned %s = %s".formatted(field, value));
    }
    return value;
  }
}
