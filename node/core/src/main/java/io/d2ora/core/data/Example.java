package io.d2ora.core.data;

import java.util.Objects;

/** One labelled text. */
public record Example(String text, String label) {
  public Example {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
  }
}
