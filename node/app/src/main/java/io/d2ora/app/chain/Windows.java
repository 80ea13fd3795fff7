package io.d2ora.app.chain;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses phase lengths: {@code 90s}, {@code 5m}, {@code 2h}, a bare number of seconds, or ISO-8601.
 */
final class Windows implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return positive(Duration.parse(text.strip()), text);
      }
      long unit =
          switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            default -> 0;
          };
      long value = Long.parseLong(unit == 0 ? t : t.substring(0, t.length() - 1));
      return positive(Duration.ofSeconds(Math.multiplyExact(value, unit == 0 ? 1 : unit)), text);
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "expected a duration like 90s, 5m, 2h or PT5M, got '" + text + "'");
    }
  }

  private static Duration positive(Duration d, String text) {
    if (d.isNegative() || d.isZero()) {
      throw new TypeConversionException("expected a positive duration, got '" + text + "'");
    }
    return d;
  }
}
