package io.d2ora.core.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The classes of a task, in a fixed order: class index i is {@code labels().get(i)}. */
public record LabelSet(List<String> labels) {
  public LabelSet {
    labels = List.copyOf(labels);
    if (labels.size() < 2) {
      throw new DataFormatException("expected at least 2 labels, got " + labels);
    }
    if (new TreeSet<>(labels).size() != labels.size()) {
      throw new DataFormatException("duplicate labels in " + labels);
    }
  }

  /** The distinct labels of the examples, sorted (so every peer derives the same order). */
  public static LabelSet of(Collection<Example> examples) {
    TreeSet<String> distinct = new TreeSet<>();
    examples.forEach(e -> distinct.add(e.label()));
    return new LabelSet(new ArrayList<>(distinct));
  }

  public int size() {
    return labels.size();
  }

  public String name(int index) {
    return labels.get(index);
  }

  /** Class indices of the examples; an unknown label is an error naming it. */
  public int[] indices(List<Example> examples) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int[] out = new int[examples.size()];
    for (int i = 0; i < out.length; i++) {
      Integer k = index.get(examples.get(i).label());
      if (k == null) {
        throw new DataFormatException(
            "label \"" + examples.get(i).label() + "\" is not one of " + labels);
      }
      out[i] = k;
    }
    return out;
  }
}
