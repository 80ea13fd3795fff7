package io.d2ora.core.adapter;

/**
 * An update to be encoded holds a NaN or infinite value, so it has no update file: whoever computed
 * it produced a value float32 cannot carry (an aggregation that overflowed, a diverged training
 * run). Thrown by {@link SafetensorsCodec#encode} instead of writing a file no peer would accept.
 */
public class NonFiniteTensorException extends AdapterException {
  private static final long serialVersionUID = 1L;

  private final String tensor;

  public NonFiniteTensorException(String tensor, float value, int index) {
    super("tensor '" + tensor + "' has non-finite value " + value + " at index " + index);
    this.tensor = tensor;
  }

  /** The name of the first tensor holding a non-finite value. */
  public String tensor() {
    return tensor;
  }
}
