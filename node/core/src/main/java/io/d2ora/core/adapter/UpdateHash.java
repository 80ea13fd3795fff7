package io.d2ora.core.adapter;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * keccak-256 of an update file's bytes: the value a peer signs and commits on chain. This is
 * Ethereum's keccak256 (original Keccak padding), not NIST SHA3-256, so {@code
 * ethers.keccak256(bytes)} or Solidity's {@code keccak256} give the same value.
 */
public record UpdateHash(byte[] bytes) implements Comparable<UpdateHash> {
  public static final int LENGTH = 32;

  public UpdateHash {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "an update hash has " + LENGTH + " bytes, got " + (bytes == null ? null : bytes.length));
    }
    bytes = bytes.clone();
  }

  /** keccak-256 of {@code data}. */
  public static UpdateHash of(byte[] data) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, 0, data.length);
    byte[] out = new byte[LENGTH];
    digest.doFinal(out, 0);
    return new UpdateHash(out);
  }

  /** Parses 0x + 64 hex digits (either case). */
  public static UpdateHash fromHex(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("an update hash is 0x + 64 hex digits, got '" + hex + "'");
    }
    return new UpdateHash(HexFormat.of().parseHex(h.toLowerCase(Locale.ROOT)));
  }

  /** A copy of the 32 bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** 0x + 64 lowercase hex digits. */
  public String hex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(UpdateHash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
