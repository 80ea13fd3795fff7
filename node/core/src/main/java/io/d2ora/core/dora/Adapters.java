package io.d2ora.core.dora;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.ProductLayer;

/** Wraps frozen linear layers into adapted ones, the way PEFT's {@code get_peft_model} does. */
public final class Adapters {
  private Adapters() {}

  /**
   * Wraps {@code base} with the adapter {@code spec.mode()} asks for. A is drawn Kaiming-uniform
   * from a generator seeded by {@code spec.seed()} and the layer's name, so layers differ and runs
   * repeat.
   *
   * @param base the frozen layer; its weight array is shared, not copied
   */
  public static AdaptedLinear wrap(Linear base, AdapterSpec spec) {
    return switch (spec.mode()) {
      case DORA, MAGNITUDE_ONLY -> new DoraLinear(base, spec);
      case LORA -> new LoraLinear(base, spec);
    };
  }

  /** {@link #wrap} if {@code spec.targets(base.name())}, otherwise {@code base} unchanged. */
  public static ProductLayer wrapIfTargeted(Linear base, AdapterSpec spec) {
    return spec.targets(base.name()) ? wrap(base, spec) : base;
  }
}
