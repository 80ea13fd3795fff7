package io.d2ora.core.dora;

import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.RowBuffer;
import io.d2ora.core.nn.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What DoRA and LoRA share: the base layer, A and B, dropout, merge state, the cached input of a
 * training forward and the low-rank buffers {@code z = x'·A^T} and {@code u = dL/dz} (both {@code
 * [n, r]}, reused across steps).
 */
abstract class AbstractAdaptedLinear implements AdaptedLinear {
  protected final Linear base;
  protected final AdapterSpec spec;
  protected final double scaling;
  protected final Parameter loraA;
  protected final Parameter loraB;
  protected final AdapterDropout dropout;
  protected final NativeMatrix baseWeight;
  protected final NativeMatrix baseBias;
  protected final NativeMatrix a;
  protected final NativeMatrix b;
  protected final RowBuffer lowRank;
  protected final RowBuffer lowRankGrad;

  /**
   * Training forward passes so far; the step reported by a {@link
   * io.d2ora.core.nn.NumericalException}.
   */
  protected long step;

  /** x and x' of the last training forward (x' = x without dropout); null when none is pending. */
  protected NativeMatrix cachedInput;

  protected NativeMatrix cachedAdapterInput;
  private INDArray savedBaseWeight;

  AbstractAdaptedLinear(Linear base, AdapterSpec spec, boolean factorsTrainable) {
    this.base = Objects.requireNonNull(base, "base");
    this.spec = Objects.requireNonNull(spec, "spec");
    if (base.weight().trainable()) {
      throw new IllegalArgumentException(
          base.name() + ": expected a frozen base layer, got a trainable one");
    }
    this.scaling = spec.scaling();
    long seed = AdapterInit.layerSeed(spec.seed(), base.name());
    INDArray initialA =
        AdapterInit.kaimingUniform(spec.rank(), base.inFeatures(), base.dataType(), seed);
    INDArray initialB = Nd4j.zeros(base.dataType(), base.outFeatures(), spec.rank());
    String prefix = base.name();
    this.loraA =
        factorsTrainable && !spec.freezeA()
            ? Parameter.trainable(prefix + ".lora_A.weight", initialA)
            : Parameter.frozen(prefix + ".lora_A.weight", initialA);
    this.loraB =
        factorsTrainable
            ? Parameter.trainable(prefix + ".lora_B.weight", initialB)
            : Parameter.frozen(prefix + ".lora_B.weight", initialB);
    this.dropout =
        spec.dropout() > 0
            ? new AdapterDropout(spec.dropout(), seed + 1, base.dataType(), base.inFeatures())
            : null;
    this.baseWeight = base.forwardWeight(false);
    this.baseBias = base.bias().map(p -> NativeMatrix.of(p.value())).orElse(null);
    this.a = NativeMatrix.of(loraA.value());
    this.b = NativeMatrix.of(loraB.value());
    this.lowRank = new RowBuffer(base.dataType(), spec.rank());
    this.lowRankGrad = new RowBuffer(base.dataType(), spec.rank());
  }

  @Override
  public String name() {
    return base.name();
  }

  @Override
  public Linear base() {
    return base;
  }

  @Override
  public AdapterSpec spec() {
    return spec;
  }

  @Override
  public Parameter loraA() {
    return loraA;
  }

  @Override
  public Parameter loraB() {
    return loraB;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>(base.parameters());
    all.addAll(adapterParameters());
    return List.copyOf(all);
  }

  @Override
  public long inFeatures() {
    return base.inFeatures();
  }

  @Override
  public long outFeatures() {
    return base.outFeatures();
  }

  @Override
  public DataType dataType() {
    return base.dataType();
  }

  @Override
  public boolean constantWeights() {
    return false;
  }

  @Override
  public void merge() {
    if (savedBaseWeight != null) {
      throw new IllegalStateException(name() + ": already merged");
    }
    INDArray merged = mergedWeight();
    INDArray w = base.weight().value();
    savedBaseWeight = w.dup();
    w.assign(merged);
  }

  @Override
  public void unmerge() {
    if (savedBaseWeight == null) {
      throw new IllegalStateException(name() + ": not merged");
    }
    base.weight().value().assign(savedBaseWeight);
    savedBaseWeight = null;
  }

  @Override
  public boolean isMerged() {
    return savedBaseWeight != null;
  }

  /**
   * Starts a forward: refuses training while merged, counts training steps, drops any state a
   * previous training forward left.
   */
  protected void beginForward(boolean training) {
    if (training && isMerged()) {
      throw new IllegalStateException(name() + ": merged adapters cannot train; unmerge() first");
    }
    if (training) {
      step++;
    }
    cachedInput = null;
    cachedAdapterInput = null;
  }

  /** Adds the base bias, if any, to every row of {@code y}. */
  protected void addBias(NativeMatrix y) {
    if (baseBias != null) {
      Blas.addToRows(y, baseBias, 1);
    }
  }

  /** Caches x and x' (dropout applied when configured) for backward; returns x'. */
  protected NativeMatrix cacheInputs(NativeMatrix x) {
    cachedInput = x;
    cachedAdapterInput = dropout != null ? dropout.apply(x) : x;
    return cachedAdapterInput;
  }

  /** Checks that a training forward is pending and that g fits it; returns n. */
  protected int requireBackward(NativeMatrix gradOutput) {
    if (cachedInput == null) {
      throw new IllegalStateException(name() + ": backward called without a training forward");
    }
    Tensors.requireShape(gradOutput, name() + " gradOutput", cachedInput.rows(), outFeatures());
    return cachedInput.rows();
  }

  /** A view of a parameter's gradient (only for trainable parameters). */
  protected static NativeMatrix gradient(Parameter p) {
    return NativeMatrix.of(p.grad());
  }
}
