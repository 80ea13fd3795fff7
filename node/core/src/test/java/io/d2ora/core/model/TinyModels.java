package io.d2ora.core.model;

/** Public access to the tiny random BERT for tests in other packages. */
public final class TinyModels {
  private TinyModels() {}

  public static BaseModel tinyBert(long seed) {
    return BaseModel.of(TinyBert.checkpoint(seed), new WordTokenizer(TinyBert.CONFIG.vocabSize()));
  }
}
