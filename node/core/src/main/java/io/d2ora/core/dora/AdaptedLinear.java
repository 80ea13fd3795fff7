package io.d2ora.core.dora;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.ProductLayer;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen {@link Linear} with a trainable adapter (DoRA, LoRA or magnitude-only). Shapes: A {@code
 * [r, in]}, B {@code [out, r]}, magnitude {@code [out]}; parameter names are the base module path
 * plus PEFT's suffixes {@code .lora_A.weight}, {@code .lora_B.weight}, {@code
 * .lora_magnitude_vector}. Same call order and threading as {@link ProductLayer}.
 */
public interface AdaptedLinear extends ProductLayer {

  /** Module path of the wrapped layer, e.g. {@code encoder.layer.0.attention.self.query}. */
  String name();

  Linear base();

  AdapterSpec spec();

  /** s = alpha / r (or alpha / sqrt(r) with rsLoRA). */
  default double scaling() {
    return spec().scaling();
  }

  Parameter loraA();

  Parameter loraB();

  /** The DoRA magnitude vector; empty for LoRA. */
  Optional<Parameter> magnitude();

  /** The tensors of an update file, in the order A, B, magnitude (if any). */
  List<Parameter> adapterParameters();

  /**
   * The effective weight {@code [out, in]} as a fresh array: DoRA {@code (m / ||V||)[:, None] · V}
   * with {@code V = W0 + s·B·A}; LoRA {@code W0 + s·B·A}.
   */
  INDArray mergedWeight();

  /**
   * Folds the adapter into the base weight in place, so forward costs one matmul. Training is
   * refused while merged. The original W0 is kept and restored bit-exactly by {@link #unmerge()}.
   *
   * @throws IllegalStateException if already merged
   */
  void merge();

  /**
   * Restores the base weight saved by {@link #merge()}.
   *
   * @throws IllegalStateException if not merged
   */
  void unmerge();

  boolean isMerged();
}
