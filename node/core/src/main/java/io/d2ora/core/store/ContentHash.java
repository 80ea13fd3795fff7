package io.d2ora.core.store;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A 32-byte digest naming content: an update file, an aggregate, a round config, a base model. The
 * one hash type of core; its digest function is Ethereum's keccak-256 ({@link #keccak256(byte[])}),
 * so the value equals what a peer signs and the registry contract stores. Held as {@code 0x} + 64
 * lowercase hex digits, so records compare and print it directly and the natural order equals the
 * unsigned order of the bytes.
 *
 * @param hex {@code 0x} followed by 64 lowercase hex digits
 */
public record ContentHash(String hex) implements Comparable<ContentHash> {
  public static final int LENGTH = 32;

  public ContentHash {
    if (hex == null || hex.length() != 2 + 2 * LENGTH || !hex.startsWith("0x")) {
      throw new IllegalArgumentException("a content hash is 0x + 64 hex digits, got '" + hex + "'");
    }
    for (int i = 2; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw new IllegalArgumentException(
            "a content hash has lowercase hex digits only, got '" + hex + "'");
      }
    }
  }

  /** The hash whose value is these 32 bytes (not their digest: see {@link #keccak256}). */
  public static ContentHash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a content hash has " + LENGTH + " bytes, got " + (bytes == null ? null : bytes.length));
    }
    return new ContentHash("0x" + HexFormat.of().formatHex(bytes));
  }

  /** keccak-256 of {@code data} (Ethereum's, see {@link Keccak256}). */
  public static ContentHash keccak256(byte[] data) {
    return new Keccak256().update(data).digest();
  }

  /** Parses {@code 0x} + 64 hex digits in either case (the prefix is optional). */
  public static ContentHash parse(String text) {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    return new ContentHash("0x" + digits.toLowerCase(Locale.ROOT));
  }

  /** A fresh copy of the 32 bytes. */
  public byte[] bytes() {
    return HexFormat.of().parseHex(hex, 2, hex.length());
  }

  /** The 64 hex digits without the prefix: the file name in a {@link ContentStore}. */
  public String digits() {
    return hex.substring(2);
  }

  @Override
  public int compareTo(ContentHash other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
