package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Token amounts on the command line: decimal whole tokens (18 decimals), e.g. {@code 100} or {@code
 * 0.5}.
 */
final class Tokens {
  private static final int DECIMALS = 18;

  private Tokens() {}

  static BigInteger parse(String option, String text) {
    try {
      BigDecimal value = new BigDecimal(text.strip());
      if (value.signum() < 0) {
        throw new UserException(option + " must not be negative, got " + text);
      }
      return value.movePointRight(DECIMALS).toBigIntegerExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UserException(
          option + " expects a token amount with at most 18 decimals, got '" + text + "'", e);
    }
  }

  static String format(BigInteger baseUnits) {
    return new BigDecimal(baseUnits).movePointLeft(DECIMALS).stripTrailingZeros().toPlainString();
  }
}
