package io.d2ora.core.model;

import java.util.Arrays;

/**
 * Token ids of a batch of sequences, right-padded with {@code 0} to a common length. Sequence
 * {@code b} holds {@code lengths[b]} real tokens (CLS ... SEP); the rest are padding and masked out
 * of attention and pooling.
 *
 * @param ids row-major {@code [batchSize, seqLen]}
 * @param lengths real tokens per sequence, each in {@code [1, seqLen]}
 */
public record TokenBatch(int batchSize, int seqLen, int[] ids, int[] lengths) {
  public TokenBatch {
    if (batchSize < 1 || seqLen < 1) {
      throw new IllegalArgumentException(
          "expected batchSize >= 1 and seqLen >= 1, got " + batchSize + " x " + seqLen);
    }
    if (ids.length != batchSize * seqLen || lengths.length != batchSize) {
      throw new IllegalArgumentException(
          "expected "
              + batchSize * seqLen
              + " ids and "
              + batchSize
              + " lengths, got "
              + ids.length
              + " and "
              + lengths.length);
    }
    for (int len : lengths) {
      if (len < 1 || len > seqLen) {
        throw new IllegalArgumentException("sequence length " + len + " not in [1, " + seqLen + "]");
      }
    }
  }

  /** Pads the given sequences to the longest one. */
  public static TokenBatch of(int[][] sequences) {
    int t = Arrays.stream(sequences).mapToInt(s -> s.length).max().orElse(0);
    int[] ids = new int[sequences.length * t];
    int[] lengths = new int[sequences.length];
    for (int b = 0; b < sequences.length; b++) {
      System.arraycopy(sequences[b], 0, ids, b * t, sequences[b].length);
      lengths[b] = sequences[b].length;
    }
    return new TokenBatch(sequences.length, t, ids, lengths);
  }

  /** Number of real (non-padding) tokens. */
  public long tokenCount() {
    return Arrays.stream(lengths).asLongStream().sum();
  }

  /** Token ids of sequence {@code b}, without padding. */
  public int[] sequence(int b) {
    return Arrays.copyOfRange(ids, b * seqLen, b * seqLen + lengths[b]);
  }
}
