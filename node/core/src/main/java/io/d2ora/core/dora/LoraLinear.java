package io.d2ora.core.dora;

import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.ScratchRows;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LoRA on a frozen linear layer (Hu et al. 2021, arXiv:2106.09685, eq. 3; PEFT's {@code
 * lora.Linear}): {@code y = x·W0^T + bias + s·(x'·A^T)·B^T} with {@code x' = dropout(x)}.
 *
 * <p>Without dropout x' = x, so the forward product uses {@code W0 + s·B·A} (one {@code out·r·in}
 * product per forward to form it) and the input gradient {@code g·(W0 + s·B·A)}: the same two big
 * products as a frozen layer. With dropout the big products use W0 and the adapter path runs at
 * rank r on x': {@code y += s·z·B^T}, {@code dx += mask ⊙ (u·A)}, with {@code z = x'·A^T} and
 * {@code u = s·g·B}.
 */
final class LoraLinear extends AbstractAdaptedLinear {
  private final List<Parameter> adapterParameters;
  private final NativeMatrix merged;
  private final NativeMatrix gradA;
  private final NativeMatrix gradB;
  private NativeMatrix gradLowRank;

  LoraLinear(Linear base, AdapterSpec spec) {
    super(base, spec, true);
    this.adapterParameters = List.of(loraA, loraB);
    this.merged = NativeMatrix.allocate(dataType(), (int) outFeatures(), (int) inFeatures());
    this.gradA = spec.freezeA() ? null : gradient(loraA);
    this.gradB = gradient(loraB);
  }

  @Override
  public Optional<Parameter> magnitude() {
    return Optional.empty();
  }

  @Override
  public List<Parameter> adapterParameters() {
    return adapterParameters;
  }

  @Override
  public INDArray mergedWeight() {
    formMerged();
    return merged.toArray();
  }

  @Override
  public NativeMatrix forwardWeight(boolean training) {
    beginForward(training);
    if (isMerged() || training && dropout != null) {
      return baseWeight;
    }
    formMerged();
    return merged;
  }

  /** merged = W0 + s·B·A. */
  private void formMerged() {
    merged.copyFrom(baseWeight);
    Blas.gemm(b, false, a, false, merged, scaling, 1);
  }

  @Override
  public void completeForward(NativeMatrix x, NativeMatrix y, boolean training) {
    addBias(y);
    if (!training) {
      return;
    }
    NativeMatrix adapterInput = cacheInputs(x);
    NativeMatrix z = lowRank.rows(x.rows());
    Blas.gemm(adapterInput, false, a, true, z, 1, 0);
    if (dropout != null) {
      Blas.gemm(z, false, b, true, y, scaling, 1);
    }
  }

  @Override
  public NativeMatrix backwardWeight(NativeMatrix gradOutput) {
    int n = requireBackward(gradOutput);
    // dB += s·g^T·z, u = s·g·B, dA += u^T·x'.
    Blas.gemm(gradOutput, true, lowRank.rows(n), false, gradB, scaling, 1);
    gradLowRank = lowRankGrad.rows(n);
    Blas.gemm(gradOutput, false, b, false, gradLowRank, scaling, 0);
    if (gradA != null) {
      Blas.gemm(gradLowRank, true, cachedAdapterInput, false, gradA, 1, 1);
    }
    cachedInput = null;
    cachedAdapterInput = null;
    return dropout != null ? baseWeight : merged;
  }

  @Override
  public void completeBackward(NativeMatrix gradOutput, NativeMatrix gradInput) {
    if (dropout != null) {
      NativeMatrix t = ScratchRows.rows(dataType(), inFeatures(), gradOutput.rows());
      Blas.gemm(gradLowRank, false, a, false, t, 1, 0);
      dropout.addMasked(t, gradInput);
    }
  }
}
