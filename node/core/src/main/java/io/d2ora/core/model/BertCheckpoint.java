package io.d2ora.core.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A BERT encoder's pretrained weights under Hugging Face state-dict names ({@code
 * embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, ...),
 * sorted by name, with the architecture they imply.
 */
public record BertCheckpoint(BertConfig config, Map<String, WeightTensor> tensors) {
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
}
