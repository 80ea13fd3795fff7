package io.d2ora.core.train;

import io.d2ora.core.data.Example;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.model.TokenBatch;
import io.d2ora.core.model.Tokenizer;
import java.util.List;

/** Examples tokenized once: ids per example and class indices. */
record EncodedExamples(int[][] ids, int[] labels) {

  static EncodedExamples of(List<Example> examples, LabelSet labelSet, Tokenizer t, int maxLen) {
    int[][] ids = new int[examples.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = t.encode(examples.get(i).text(), maxLen);
    }
    return new EncodedExamples(ids, labelSet.indices(examples));
  }

  int size() {
    return ids.length;
  }

  int[] lengths() {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i].length;
    }
    return out;
  }

  TokenBatch batch(int[] indices) {
    int[][] seqs = new int[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      seqs[i] = ids[indices[i]];
    }
    return TokenBatch.of(seqs);
  }

  int[] labels(int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = labels[indices[i]];
    }
    return out;
  }
}
