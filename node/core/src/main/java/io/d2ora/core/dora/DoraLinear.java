package io.d2ora.core.dora;

import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.Tensors;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Norm2;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DoRA on a frozen linear layer (Liu et al. 2024, arXiv:2402.09353, eq. 5; PEFT {@code use_dora}).
 *
 * <pre>
 *   V = W0 + s·B·A                 [out, in]
 *   n = ||V||_row                  [out]   (constant in backward unless detachNorm = false)
 *   c = m / n                      [out]
 *   y = c ⊙ (x·V^T) + bias         (eval, or dropout p = 0)
 *   y = x·W0^T + bias + c ⊙ (x'·V^T) − x'·W0^T,   x' = dropout(x)   (training with p > 0)
 * </pre>
 *
 * The dropout form is PEFT's: dropout reaches only the adapter path ({@code (c − 1)·W0 x' + c·s·B A
 * x'}), so the frozen path sees the clean input. The paper writes the direction as the column norm
 * of W in its [in, out] notation; in PyTorch's [out, in] layout that is one norm per output row.
 * Rows whose norm is below {@link #NORM_FLOOR} use the floor, so zero rows give zero, not NaN.
 *
 * <p>Cost per step: V is built once per forward (one {@code out·r·in} product), the big products
 * are {@code x·V^T} forward and {@code g·(c ⊙ V)} backward, exactly as many as a frozen layer, plus
 * rank-r products. Buffers that depend on the row count are reused while it stays the same.
 */
final class DoraLinear extends AbstractAdaptedLinear {
  /** Smallest row norm used as a divisor. */
  static final double NORM_FLOOR = 1e-12;

  private final Parameter magnitude;
  private final boolean factorsTrainable;
  private final List<Parameter> adapterParameters;

  private final INDArray direction;
  private final INDArray norm;
  private final INDArray scale;
  private final INDArray scaleGrad;
  private final INDArray scratchWeight;
  private final INDArray scratchVector;
  private final INDArray scaledB;
  private final INDArray gradBScratch;
  private INDArray ones;

  private INDArray projected;
  private INDArray lowRank;
  private INDArray lowRankGrad;
  private INDArray products;
  private INDArray cachedInput;
  private INDArray cachedAdapterInput;

  DoraLinear(Linear base, AdapterSpec spec) {
    super(base, spec, spec.mode() == AdapterMode.DORA);
    this.factorsTrainable = spec.mode() == AdapterMode.DORA;
    this.magnitude =
        Parameter.trainable(base.name() + ".lora_magnitude_vector", rowNorms(baseWeight()));
    this.adapterParameters = List.of(loraA, loraB, magnitude);
    long out = base.outFeatures();
    this.direction = Nd4j.create(dataType(), out, base.inFeatures());
    this.scratchWeight = direction.ulike();
    this.norm = Nd4j.create(dataType(), out);
    this.scale = norm.ulike();
    this.scaleGrad = norm.ulike();
    this.scratchVector = norm.ulike();
    this.scaledB = loraB.value().ulike();
    this.gradBScratch = loraB.value().ulike();
  }

  /** Per-row L2 norms of a {@code [rows, cols]} matrix, as a {@code [rows]} vector. */
  static INDArray rowNorms(INDArray w) {
    INDArray norms = Nd4j.create(w.dataType(), w.size(0));
    Nd4j.getExecutioner().exec(new Norm2(w, norms, 1));
    return norms;
  }

  @Override
  public Optional<Parameter> magnitude() {
    return Optional.of(magnitude);
  }

  @Override
  public List<Parameter> adapterParameters() {
    return adapterParameters;
  }

  @Override
  public INDArray mergedWeight() {
    updateDirection();
    return direction.mulColumnVector(scale);
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
    updateDirection();
    Tensors.requireFinite(scale, name() + " magnitude/norm", "forward", step);
    boolean drop = training && dropout != null;
    INDArray adapterInput = drop ? dropout.apply(x) : x;
    projected = buffer(projected, n, outFeatures());
    Nd4j.gemm(adapterInput, direction, projected, false, true, 1.0, 0.0);
    INDArray y = projected.mulRowVector(scale);
    if (drop) {
      Nd4j.gemm(x.sub(adapterInput), baseWeight(), y, false, true, 1.0, 1.0);
    }
    addBias(y);
    if (training) {
      if (factorsTrainable) {
        lowRank = buffer(lowRank, n, spec.rank());
        Nd4j.gemm(adapterInput, loraA.value(), lowRank, false, true, 1.0, 0.0);
      }
      cachedInput = x;
      cachedAdapterInput = adapterInput;
    }
    return y;
  }

  /** V = W0 + s·B·A, n = max(||V||_row, floor), c = m / n; one pass per forward. */
  private void updateDirection() {
    Nd4j.gemm(loraB.value(), loraA.value(), direction, false, false, scaling, 0.0);
    direction.addi(baseWeight());
    Nd4j.getExecutioner().exec(new Norm2(direction, norm, 1));
    Transforms.max(norm, NORM_FLOOR, false);
    scale.assign(magnitude.value()).divi(norm);
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (cachedInput == null) {
      throw new IllegalStateException(name() + ": backward called without a training forward");
    }
    long n = cachedInput.size(0);
    Tensors.requireShape(gradOutput, name() + " gradOutput", n, outFeatures());
    // dL/dc_j = sum_i g_ij (x'·V^T)_ij, a column sum done as ones^T·(g ⊙ h); dL/dm = dL/dc / n.
    products = buffer(products, n, outFeatures());
    products.assign(gradOutput).muli(projected);
    if (ones == null || ones.size(1) != n) {
      ones = Nd4j.ones(dataType(), 1, n);
    }
    Nd4j.gemm(ones, products, scaleGrad.reshape(1, outFeatures()), false, false, 1.0, 0.0);
    magnitude.grad().addi(scratchVector.assign(scaleGrad).divi(norm));
    // dL/dx' through the direction: g·diag(c)·V = g·W'.
    scratchWeight.assign(direction).muliColumnVector(scale);
    INDArray gradInput = Nd4j.gemm(gradOutput, scratchWeight, false, false);
    if (factorsTrainable) {
      accumulateFactorGrads(gradOutput, n);
      if (!spec.detachNorm()) {
        accumulateNormGrads();
      }
    }
    if (dropout != null) {
      INDArray frozenPath = Nd4j.gemm(gradOutput, baseWeight(), false, false);
      gradInput.subi(frozenPath).muli(dropout.mask()).addi(frozenPath);
    }
    cachedInput = null;
    cachedAdapterInput = null;
    return gradInput;
  }

  /** Through the numerator x'·V^T: dB += s·c ⊙ (g^T·z), dA += (s·g·(c ⊙ B))^T·x', z = x'·A^T. */
  private void accumulateFactorGrads(INDArray gradOutput, long n) {
    Nd4j.gemm(gradOutput, lowRank, gradBScratch, true, false, scaling, 0.0);
    loraB.grad().addi(gradBScratch.muliColumnVector(scale));
    scaledB.assign(loraB.value()).muliColumnVector(scale);
    lowRankGrad = buffer(lowRankGrad, n, spec.rank());
    Nd4j.gemm(gradOutput, scaledB, lowRankGrad, false, false, scaling, 0.0);
    Nd4j.gemm(lowRankGrad, cachedAdapterInput, loraA.grad(), true, false, 1.0, 1.0);
  }

  /**
   * Through n = ||V||: dL/dn_j = −dL/dc_j · m_j / n_j², dL/dV_j = dL/dn_j · V_j / n_j; then dB +=
   * s·dV·A^T and dA += s·B^T·dV. Floored rows are constants (zero derivative).
   */
  private void accumulateNormGrads() {
    double[] g = scaleGrad.toDoubleVector();
    double[] c = scale.toDoubleVector();
    double[] nn = norm.toDoubleVector();
    double[] k = new double[g.length];
    for (int j = 0; j < k.length; j++) {
      k[j] = nn[j] > NORM_FLOOR ? -g[j] * c[j] / (nn[j] * nn[j]) : 0;
    }
    INDArray factor = Nd4j.createFromArray(k).castTo(dataType());
    scratchWeight.assign(direction).muliColumnVector(factor);
    Nd4j.gemm(scratchWeight, loraA.value(), loraB.grad(), false, true, scaling, 1.0);
    Nd4j.gemm(loraB.value(), scratchWeight, loraA.grad(), true, false, scaling, 1.0);
  }
}
