package io.d2ora.chain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A 20-byte Ethereum account or contract address, kept as lower-case {@code 0x}-prefixed hex. The
 * node core has its own {@code Address} for a round participant; node/app converts between them.
 */
public record EthAddress(String hex) implements Comparable<EthAddress> {
  private static final Pattern HEX = Pattern.compile("0x[0-9a-f]{40}");
  public static final EthAddress ZERO = new EthAddress("0x" + "0".repeat(40));

  public EthAddress {
    hex = hex == null ? "" : hex.toLowerCase(Locale.ROOT);
    if (!hex.startsWith("0x")) {
      hex = "0x" + hex;
    }
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "expected an address of 20 bytes as 0x + 40 hex digits, got " + hex);
    }
  }

  public static EthAddress of(String hex) {
    return new EthAddress(hex);
  }

  /** Orders as the contract does ({@code address} as {@code uint160}): the aggregation order. */
  @Override
  public int compareTo(EthAddress other) {
    return hex.compareTo(other.hex);
  }

  /** The 20 address bytes. */
  public byte[] bytes() {
    return java.util.HexFormat.of().parseHex(hex.substring(2));
  }

  @Override
  public String toString() {
    return hex;
  }
}
