package io.d2ora.app.chain;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a quorum: basis points ({@code 6667}) or a percentage with up to two decimals ({@code
 * 75%}, {@code 66.67%}); {@code default} (or 0) leaves it to the contract's default. The range is
 * the contract's to check (it names the bounds when it refuses).
 */
final class Quorums implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("default")) {
      return 0;
    }
    try {
      BigDecimal value =
          t.endsWith("%")
              ? new BigDecimal(t.substring(0, t.length() - 1).strip()).movePointRight(2)
              : new BigDecimal(t);
      int bps = value.intValueExact();
      if (bps < 0 || bps > 0xFFFF) {
        throw new ArithmeticException("out of range");
      }
      return bps;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException(
          "expected a quorum in basis points (6667), as a percentage (75%, 66.67%) or 'default',"
              + " got '"
              + text
              + "'");
    }
  }
}
