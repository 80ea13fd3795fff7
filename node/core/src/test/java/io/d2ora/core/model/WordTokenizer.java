package io.d2ora.core.model;

/**
 * A test tokenizer: CLS=1, one id per whitespace-separated word (3 + hash mod (vocab - 3)), SEP=2.
 */
public final class WordTokenizer implements Tokenizer {
  private final int vocab;

  public WordTokenizer(int vocab) {
    this.vocab = vocab;
  }

  @Override
  public int[] encode(String text, int maxLength) {
    String[] words = text.trim().split("\\s+");
    int n = Math.min(words.length, maxLength - 2);
    int[] ids = new int[n + 2];
    ids[0] = 1;
    for (int i = 0; i < n; i++) {
      ids[i + 1] = 3 + Math.floorMod(words[i].hashCode(), vocab - 3);
    }
    ids[n + 1] = 2;
    return ids;
  }

  @Override
  public String[] tokens(String text, int maxLength) {
    return text.trim().split("\\s+");
  }

  @Override
  public void close() {}
}
