package io.d2ora.core.model;

import io.d2ora.core.InputFaultException;

/**
 * A model checkpoint or tokenizer file is missing, malformed or not a BERT encoder this code can
 * run. The files (or whoever chose them) are at fault, not the caller's code.
 */
public class ModelFormatException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
