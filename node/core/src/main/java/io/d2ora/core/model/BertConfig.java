package io.d2ora.core.model;

/**
 * The architecture of a BERT encoder, in Hugging Face {@code BertConfig} terms. Read from the
 * checkpoint (see {@link OnnxBertLoader}), so models of the same family with other sizes load
 * without code changes.
 *
 * @param vocabSize rows of the word embedding
 * @param hiddenSize width of every hidden state
 * @param numLayers transformer blocks
 * @param numHeads attention heads; {@code hiddenSize % numHeads == 0}
 * @param intermediateSize width of the feed-forward inner layer
 * @param maxPositions rows of the position embedding (the longest input)
 * @param typeVocabSize rows of the token-type embedding
 * @param layerNormEps epsilon of every layer norm
 */
public record BertConfig(
    int vocabSize,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int intermediateSize,
    int maxPositions,
    int typeVocabSize,
    double layerNormEps) {

  public BertConfig {
    requirePositive("vocabSize", vocabSize);
    requirePositive("hiddenSize", hiddenSize);
    requirePositive("numLayers", numLayers);
    requirePositive("numHeads", numHeads);
    requirePositive("intermediateSize", intermediateSize);
    requirePositive("maxPositions", maxPositions);
    requirePositive("typeVocabSize", typeVocabSize);
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hiddenSize " + hiddenSize + " is not a multiple of numHeads " + numHeads);
    }
    if (!(layerNormEps > 0 && layerNormEps < 1)) {
      throw new IllegalArgumentException("layerNormEps: expected in (0, 1), got " + layerNormEps);
    }
  }

  public int headSize() {
    return hiddenSize / numHeads;
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + ": expected >= 1, got " + value);
    }
  }
}
