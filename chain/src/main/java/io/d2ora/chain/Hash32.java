package io.d2ora.chain;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A 32-byte value as the contract stores it ({@code bytes32}): update, base model, config and
 * aggregate hashes (keccak256 of the file's bytes). Kept as lower-case {@code 0x}-prefixed hex.
 */
public record Hash32(String hex) {
  private static final Pattern HEX = Pattern.compile("0x[0-9a-f]{64}");
  public static final Hash32 ZERO = new Hash32("0x" + "0".repeat(64));

  public Hash32 {
    hex = hex == null ? "" : hex.toLowerCase(Locale.ROOT);
    if (!hex.startsWith("0x")) {
      hex = "0x" + hex;
    }
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("expected 32 bytes as 0x + 64 hex digits, got " + hex);
    }
  }

  public static Hash32 of(String hex) {
    return new Hash32(hex);
  }

  public static Hash32 of(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
    }
    return new Hash32("0x" + HexFormat.of().formatHex(bytes));
  }

  /** keccak256 of {@code data}: how update, model and config hashes are computed. */
  public static Hash32 keccak256(byte[] data) {
    return of(org.web3j.crypto.Hash.sha3(data));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex.substring(2));
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  @Override
  public String toString() {
    return hex;
  }
}
