package io.d2ora.core.adapter;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tensors a round expects in every update: names to shapes. Checking an untrusted update
 * against it rejects missing, extra and misshapen tensors with one message naming them all.
 */
public record AdapterLayout(NavigableMap<String, int[]> shapes) {

  public AdapterLayout {
    TreeMap<String, int[]> copy = new TreeMap<>();
    shapes.forEach((k, v) -> copy.put(k, v.clone()));
    shapes = Collections.unmodifiableNavigableMap(copy);
  }

  /** The layout of an existing update (e.g. the round's starting adapter). */
  public static AdapterLayout of(AdapterUpdate update) {
    TreeMap<String, int[]> shapes = new TreeMap<>();
    update.tensors().forEach((k, t) -> shapes.put(k, t.shape()));
    return new AdapterLayout(shapes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks that {@code update} has exactly these tensors with exactly these shapes.
   *
   * @throws MalformedUpdateException naming every missing, unexpected or misshapen tensor
   */
  public void check(AdapterUpdate update) {
    StringBuilder problems = new StringBuilder();
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      FloatTensor t = update.tensors().get(e.getKey());
      if (t == null) {
        problems.append("; missing ").append(e.getKey());
      } else if (!t.hasShape(e.getValue())) {
        problems
            .append("; ")
            .append(e.getKey())
            .append(" expected shape ")
            .append(Arrays.toString(e.getValue()))
            .append(", got ")
            .append(Arrays.toString(t.shape()));
      }
    }
    for (String name : update.tensors().keySet()) {
      if (!shapes.containsKey(name)) {
        problems.append("; unexpected ").append(name);
      }
    }
    if (!problems.isEmpty()) {
      throw new MalformedUpdateException("update does not fit the round's layout" + problems);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AdapterLayout other) || !shapes.keySet().equals(other.shapes.keySet())) {
      return false;
    }
    return shapes.entrySet().stream()
        .allMatch(e -> Arrays.equals(e.getValue(), other.shapes.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      h = 31 * h + e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("AdapterLayout{");
    shapes.forEach((k, v) -> s.append(k).append(Arrays.toString(v)).append(' '));
    return s.append('}').toString();
  }

  /** Builds a layout module by module. */
  public static final class Builder {
    private final TreeMap<String, int[]> shapes = new TreeMap<>();

    /** A DoRA module [out, in] at rank r: A [r, in], B [out, r], magnitude [out]. */
    public Builder dora(String modulePath, int out, int in, int r) {
      lora(modulePath, out, in, r);
      return tensor(PeftNames.magnitude(modulePath), out);
    }

    /** A LoRA module [out, in] at rank r: A [r, in], B [out, r]. */
    public Builder lora(String modulePath, int out, int in, int r) {
      tensor(PeftNames.loraA(modulePath), r, in);
      return tensor(PeftNames.loraB(modulePath), out, r);
    }

    /** Any tensor by full name, e.g. a {@code modules_to_save} head's weight. */
    public Builder tensor(String name, int... shape) {
      shapes.put(name, shape.clone());
      return this;
    }

    public AdapterLayout build() {
      return new AdapterLayout(shapes);
    }
  }
}
