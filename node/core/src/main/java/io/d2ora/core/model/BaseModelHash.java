package io.d2ora.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * keccak-256 (Ethereum's, not SHA3-256) of a checkpoint's canonical encoding: the name rounds use
 * to say which base model they fine-tune. Independent of the file format the weights came in.
 *
 * <pre>
 * encoding = "d2ora-base-model/1" || tensor*          tensors sorted by state-dict name
 * tensor   = u32 len(name) || name (UTF-8) || u32 rank || u32 dim * rank || f32 value * size
 * </pre>
 *
 * All integers and floats little-endian; linear weights in PyTorch layout {@code [out, in]}.
 */
public record BaseModelHash(byte[] bytes) {
  static final String DOMAIN = "d2ora-base-model/1";

  public BaseModelHash {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x}-prefixed lowercase hex. */
  public String hex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BaseModelHash h && java.util.Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }

  public static BaseModelHash of(BertCheckpoint checkpoint) {
    KeccakDigest digest = new KeccakDigest(256);
    update(digest, DOMAIN.getBytes(StandardCharsets.UTF_8));
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (WeightTensor t : checkpoint.tensors().values()) {
      byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
      ByteBuffer header = ByteBuffer.allocate(8 + name.length + 4 * t.rank());
      header.order(ByteOrder.LITTLE_ENDIAN).putInt(name.length).put(name).putInt(t.rank());
      for (int d : t.shape()) {
        header.putInt(d);
      }
      update(digest, header.array());
      for (float v : t.data()) {
        if (!chunk.hasRemaining()) {
          digest.update(chunk.array(), 0, chunk.position());
          chunk.clear();
        }
        chunk.putFloat(v);
      }
    }
    digest.update(chunk.array(), 0, chunk.position());
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return new BaseModelHash(out);
  }

  private static void update(KeccakDigest digest, byte[] bytes) {
    digest.update(bytes, 0, bytes.length);
  }
}
