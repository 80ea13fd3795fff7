package io.d2ora.core.dora;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.Tensors;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LoRA on a frozen linear layer (Hu et al. 2021, arXiv:2106.09685, eq. 3; PEFT's {@code
 * lora.Linear}): {@code y = x·W0^T + bias + s·(x'·A^T)·B^T} with {@code x' = dropout(x)}. The
 * low-rank path is never materialised as an {@code [out, in]} matrix during training.
 */
final class LoraLinear extends AbstractAdaptedLinear {
  private final List<Parameter> adapterParameters;

  private INDArray lowRank;
  private INDArray lowRankGrad;
  private INDArray cachedInput;
  private INDArray cachedAdapterInput;

  LoraLinear(Linear base, AdapterSpec spec) {
    super(base, spec, true);
    this.adapterParameters = List.of(loraA, loraB);
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
    INDArray merged = baseWeight().dup();
    Nd4j.gemm(loraB.value(), loraA.value(), merged, false, false, scaling, 1.0);
    return merged;
  }

  @Override
  public INDArray forward(INDArray x, boolean training) {
    long n = checkInput(x, training);
    cachedInput = null;
    if (isMerged()) {
      return base.forward(x, false);
    }
    if (training) {
      step++;
    }
    INDArray adapterInput = training && dropout != null ? dropout.apply(x) : x;
    lowRank = buffer(lowRank, n, spec.rank());
    Nd4j.gemm(adapterInput, loraA.value(), lowRank, false, true, 1.0, 0.0);
    INDArray y = Nd4j.gemm(x, baseWeight(), false, true);
    Nd4j.gemm(lowRank, loraB.value(), y, false, true, scaling, 1.0);
    addBias(y);
    if (training) {
      cachedInput = x;
      cachedAdapterInput = adapterInput;
    }
    return y;
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (cachedInput == null) {
      throw new IllegalStateException(name() + ": backward called without a training forward");
    }
    long n = cachedInput.size(0);
    Tensors.requireShape(gradOutput, name() + " gradOutput", n, outFeatures());
    // dB += s·g^T·z, u = s·g·B, dA += u^T·x', dx = g·W0 + (u·A) ⊙ mask.
    Nd4j.gemm(gradOutput, lowRank, loraB.grad(), true, false, scaling, 1.0);
    lowRankGrad = buffer(lowRankGrad, n, spec.rank());
    Nd4j.gemm(gradOutput, loraB.value(), lowRankGrad, false, false, scaling, 0.0);
    Nd4j.gemm(lowRankGrad, cachedAdapterInput, loraA.grad(), true, false, 1.0, 1.0);
    INDArray gradInput = Nd4j.gemm(gradOutput, baseWeight(), false, false);
    if (dropout != null) {
      gradInput.addi(Nd4j.gemm(lowRankGrad, loraA.value(), false, false).muli(dropout.mask()));
    } else {
      Nd4j.gemm(lowRankGrad, loraA.value(), gradInput, false, false, 1.0, 1.0);
    }
    cachedInput = null;
    cachedAdapterInput = null;
    return gradInput;
  }
}
