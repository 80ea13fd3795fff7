package io.d2ora.core.model;

/** Text to model token ids ({@code [CLS] ... [SEP]}), truncated to a maximum length. */
public interface Tokenizer extends AutoCloseable {

  /**
   * @param maxLength at most this many ids, special tokens included (>= 2)
   * @return ids of the text, starting with CLS and ending with SEP
   */
  int[] encode(String text, int maxLength);

  /** The token strings of the ids (for display). */
  String[] tokens(String text, int maxLength);

  @Override
  void close();
}
