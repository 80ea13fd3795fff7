package io.d2ora.p2p.multiformats;

import io.d2ora.p2p.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash (https://github.com/multiformats/multihash).
 *
 * <pre>
 * | varint code | varint digest length | digest |
 * identity (0x00) embeds the data itself; sha2-256 (0x12) has a 32-byte digest.
 * </pre>
 *
 * @param code the multicodec of the hash function
 * @param digest the digest bytes (not copied; treat as immutable)
 */
public record Multihash(int code, byte[] digest) {
  public static final int IDENTITY = 0x00;
  public static final int SHA2_256 = 0x12;

  /** Largest digest accepted when decoding: well above any real hash, small enough to be safe. */
  public static final int MAX_DIGEST_BYTES = 128;

  public Multihash {
    if (code < 0) {
      throw new IllegalArgumentException("multihash code must be >= 0, got " + code);
    }
    if (code == SHA2_256 && digest.length != 32) {
      throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
    }
  }

  public static Multihash sha256(byte[] data) {
    try {
      return new Multihash(SHA2_256, MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  public static Multihash identity(byte[] data) {
    return new Multihash(IDENTITY, data.clone());
  }

  public byte[] toBytes() {
    ByteBuffer out =
        ByteBuffer.allocate(Varint.size(code) + Varint.size(digest.length) + digest.length);
    Varint.write(code, out);
    Varint.write(digest.length, out);
    out.put(digest);
    return out.array();
  }

  /** Decodes a multihash that must span all of {@code bytes}. */
  public static Multihash fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long code = Varint.read(in);
    if (code > Integer.MAX_VALUE) {
      throw new ProtocolViolationException("multihash code " + code + " out of range");
    }
    int length = Varint.readLength(in, MAX_DIGEST_BYTES);
    if (in.remaining() != length) {
      throw new ProtocolViolationException(
          "multihash digest length " + length + " but " + in.remaining() + " bytes follow");
    }
    byte[] digest = new byte[length];
    in.get(digest);
    try {
      return new Multihash((int) code, digest);
    } catch (IllegalArgumentException e) {
      throw new ProtocolViolationException(e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "Multihash[code=0x"
        + Integer.toHexString(code)
        + ", digest="
        + HexFormat.of().formatHex(digest)
        + "]";
  }
}
