package io.d2ora.core.dora;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What DoRA and LoRA share: the base layer, A and B, dropout, merge state and input checks. */
abstract class AbstractAdaptedLinear implements AdaptedLinear {
  protected final Linear base;
  protected final AdapterSpec spec;
  protected final double scaling;
  protected final Parameter loraA;
  protected final Parameter loraB;
  protected final AdapterDropout dropout;

  /**
   * Training forward passes so far; the step reported by a {@link
   * io.d2ora.core.nn.NumericalException}.
   */
  protected long step;

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
    INDArray a = AdapterInit.kaimingUniform(spec.rank(), base.inFeatures(), base.dataType(), seed);
    INDArray b = Nd4j.zeros(base.dataType(), base.outFeatures(), spec.rank());
    String prefix = base.name();
    this.loraA =
        factorsTrainable
            ? Parameter.trainable(prefix + ".lora_A.weight", a)
            : Parameter.frozen(prefix + ".lora_A.weight", a);
    this.loraB =
        factorsTrainable
            ? Parameter.trainable(prefix + ".lora_B.weight", b)
            : Parameter.frozen(prefix + ".lora_B.weight", b);
    this.dropout = spec.dropout() > 0 ? new AdapterDropout(spec.dropout(), seed + 1) : null;
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

  /** The frozen W0 {@code [out, in]}; only valid while not merged. */
  protected INDArray baseWeight() {
    return base.weight().value();
  }

  /** Checks x and returns n; while merged, only inference is allowed. */
  protected long checkInput(INDArray x, boolean training) {
    long n = Tensors.requireRows(x, name() + " input", inFeatures());
    Tensors.requireDataType(x, name() + " input", dataType());
    if (training && isMerged()) {
      throw new IllegalStateException(name() + ": merged adapters cannot train; unmerge() first");
    }
    return n;
  }

  /** Adds the base bias, if any, to {@code y} in place. */
  protected void addBias(INDArray y) {
    base.bias().ifPresent(b -> y.addiRowVector(b.value()));
  }

  /** Reuses {@code buffer} if it already has shape {@code [rows, cols]}, else allocates one. */
  protected INDArray buffer(INDArray buffer, long rows, long cols) {
    if (buffer != null && buffer.size(0) == rows && buffer.size(1) == cols) {
      return buffer;
    }
    return Nd4j.create(dataType(), rows, cols);
  }
}
