package io.d2ora.core.model;

import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.Keccak256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A BERT encoder's pretrained weights under Hugging Face state-dict names ({@code
 * embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, ...),
 * sorted by name, with the architecture they imply.
 */
public record BertCheckpoint(BertConfig config, Map<String, WeightTensor> tensors) {
  static final String HASH_DOMAIN = "d2ora-base-model/1";

  public BertCheckpoint {
    tensors = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
  }

  /** The tensor with this state-dict name. */
  public WeightTensor tensor(String name) {
    WeightTensor t = tensors.get(name);
    if (t == null) {
      throw new ModelFormatException("checkpoint has no tensor '" + name + "'");
    }
    return t;
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(t -> t.data().length).sum();
  }

  /**
   * keccak-256 of the weights' canonical encoding: the name rounds use to say which base model they
   * fine-tune. Independent of the file format the weights came in.
   *
   * <pre>
   * encoding = "d2ora-base-model/1" || tensor*          tensors sorted by state-dict name
   * tensor   = u32 len(name) || name (UTF-8) || u32 rank || u32 dim * rank || f32 value * size
   * </pre>
   *
   * All integers and floats little-endian; linear weights in PyTorch layout {@code [out, in]}.
   * Streams the encoding through the digest, so it never holds a second copy of the weights.
   */
  public ContentHash hash() {
    Keccak256 digest = new Keccak256().update(HASH_DOMAIN.getBytes(StandardCharsets.UTF_8));
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (WeightTensor t : tensors.values()) {
      byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
      ByteBuffer header = ByteBuffer.allocate(8 + name.length + 4 * t.rank());
      header.order(ByteOrder.LITTLE_ENDIAN).putInt(name.length).put(name).putInt(t.rank());
      for (int d : t.shape()) {
        header.putInt(d);
      }
      digest.update(header.array());
      for (float v : t.data()) {
        if (!chunk.hasRemaining()) {
          digest.update(chunk.array(), 0, chunk.position());
          chunk.clear();
        }
        chunk.putFloat(v);
      }
    }
    digest.update(chunk.array(), 0, chunk.position());
    return digest.digest();
  }
}
