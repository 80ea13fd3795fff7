package io.d2ora.core.round;

import java.util.Locale;

/**
 * A 20-byte account address (a peer's signing key), held as {@code 0x} + 40 lowercase hex digits.
 * Lowercase makes equality, hashing and the natural order (which equals the unsigned order of the
 * bytes, and so Solidity's order of {@code address} values) independent of EIP-55 checksum case.
 * Aggregation inputs are ordered by this order.
 *
 * @param hex {@code 0x} followed by 40 lowercase hex digits
 */
public record Address(String hex) implements Comparable<Address> {
  public static final int LENGTH = 20;

  public Address {
    if (hex == null || hex.length() != 2 + 2 * LENGTH || !hex.startsWith("0x")) {
      throw new IllegalArgumentException("an address is 0x + 40 hex digits, got '" + hex + "'");
    }
    for (int i = 2; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw new IllegalArgumentException(
            "an address has lowercase hex digits only (use Address.parse), got '" + hex + "'");
      }
    }
  }

  /** Parses {@code 0x} + 40 hex digits in any case (EIP-55 checksummed or not). */
  public static Address parse(String text) {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    return new Address("0x" + digits.toLowerCase(Locale.ROOT));
  }

  @Override
  public int compareTo(Address other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
