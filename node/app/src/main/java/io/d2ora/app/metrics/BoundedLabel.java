package io.d2ora.app.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps one label's values bounded: a value is used as is when it is short and plain and one of the
 * first {@code capacity} distinct values seen; anything else becomes {@link #OTHER}. So however
 * many distinct strings arrive (a hostile peer can invent any), the label has at most {@code
 * capacity + 1} values.
 */
final class BoundedLabel {
  static final String OTHER = "other";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:-]{1,64}");

  private final int capacity;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  BoundedLabel(int capacity) {
    this.capacity = capacity;
  }

  /** {@code value} if it may be a label value, else {@link #OTHER}. */
  String of(String value) {
    if (value == null || !PLAIN.matcher(value).matches()) {
      return OTHER;
    }
    if (seen.contains(value)) {
      return value;
    }
    synchronized (seen) {
      if (seen.size() < capacity) {
        seen.add(value);
        return value;
      }
    }
    return seen.contains(value) ? value : OTHER;
  }
}
