package io.d2ora.core.dora;

import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.nn.RowBuffer;
import io.d2ora.core.nn.ScratchRows;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * <p>Without dropout the layer costs what LoRA's does plus rank-r work and two passes over {@code
 * [n, out]}, because V is never formed. Its row norms come from {@code ||V_j||² = ||W0_j||² +
 * 2s·B_j·(W0·A^T)_j + s²·B_j·(A·A^T)·B_j^T} (W0's once, then one {@code [out, r]} product a step),
 * and both big products use one weight, {@code c ⊙ V = diag(c)·W0 + s·(c ⊙ B)·A}: a row-scaled copy
 * of W0 plus a rank-r product, as LoRA forms {@code W0 + s·B·A}. The magnitude's gradient {@code
 * dL/dc_j = sum_i g_ij (x·V^T)_ij} is {@code sum_i g_ij y'_ij / c_j} with {@code y' = x·(c ⊙ V)^T},
 * the output before its bias (kept for backward). Two guards keep this exact: a row whose expansion
 * cancels (its squared norm under a quarter of {@code ||W0_j||²}) has its norm summed from the row
 * itself, and a column whose {@code |c_j|} is below {@link #MIN_SCALE} (where y' no longer carries
 * x·V_j^T) gets x·V_j^T from its own product.
 *
 * <p>With dropout V is formed (a copy of W0 and a rank-r product) for {@code p = x'·V^T}, y gains
 * {@code (c − 1) ⊙ p + s·z·B^T} with {@code z = x'·A^T} (using {@code x'·W0^T = p − s·z·B^T}), and
 * backward's adapter weight is {@code c ⊙ V − W0 = diag(c − 1)·W0 + s·(c ⊙ B)·A}: one extra big
 * product each way, as PEFT pays.
 */
final class DoraLinear extends AbstractAdaptedLinear {
  /** Smallest row norm used as a divisor. */
  static final double NORM_FLOOR = 1e-12;

  /** Below this |c_j| the magnitude's gradient takes x·V_j^T from its own product. */
  static final double MIN_SCALE = 1e-6;

  /**
   * At most this many rows of W0 per product with A^T. OpenBLAS packs the whole {@code [out, in]}
   * operand of one product with r columns; row blocks of at most 1e6 multiply-adds take its
   * unpacked small-matrix kernel instead: DoRA/LoRA 1.14 instead of 1.17 at 384 x 1536 (64-128 rows
   * best).
   */
  private static final int ROW_BLOCK = 128;

  private final Parameter magnitude;
  private final boolean factorsTrainable;
  private final List<Parameter> adapterParameters;
  private final int out;
  private final int in;
  private final int rank;
  private final int rowBlock;

  /**
   * The layer's weight: c ⊙ V; with dropout V in forward, then c ⊙ V − W0 once backward has run.
   */
  private final NativeMatrix weight;

  /** A·A^T {@code [r, r]} and the norms' {@code [out, r]} terms (see {@link #updateScale}). */
  private final NativeMatrix gram;

  private final NativeMatrix normTerms;
  private final NativeMatrix scaledB;
  private final NativeMatrix factorScratch;
  private final NativeMatrix rankScratch;
  private final NativeMatrix gradA;
  private final NativeMatrix gradB;
  private final NativeMatrix magnitudeValue;
  private final NativeMatrix magnitudeGrad;
  private final double[] biasValues;
  private final double[] baseSquares;
  private final double[] norm;
  private final double[] scale;

  /** p = x'·V^T of a training forward with dropout. */
  private final RowBuffer projection;

  /** A heap copy of y' = x·(c ⊙ V)^T, or of p with dropout, from the last training forward. */
  private final HostBuffer projected = new HostBuffer();

  private final HostBuffers scratch = new HostBuffers();
  private final HostBuffer partials = new HostBuffer();

  /** Heap copies of the {@code [out, r]} factors, reused step after step. */
  private final HostBuffer bHost = new HostBuffer();

  private final HostBuffer termsHost = new HostBuffer();
  private final HostBuffer scaledBHost = new HostBuffer();
  private final HostBuffers factorHosts = new HostBuffers();
  private double[] bValues;

  DoraLinear(Linear base, AdapterSpec spec) {
    super(base, spec, spec.mode() == AdapterMode.DORA);
    this.factorsTrainable = spec.mode() == AdapterMode.DORA;
    this.out = Math.toIntExact(base.outFeatures());
    this.in = Math.toIntExact(base.inFeatures());
    this.rank = spec.rank();
    this.rowBlock = Math.max(1, Math.min(ROW_BLOCK, 1_000_000 / (rank * in)));
    this.norm = new double[out];
    this.scale = new double[out];
    this.baseSquares = DoraKernels.rowSquares(baseWeight, scratch);
    // m starts at the norms rounded to the data type, as updateScale rounds them: c = 1 exactly
    // while B = 0, so the adapted layer starts as the base layer bit for bit.
    double[] initial = new double[out];
    for (int j = 0; j < out; j++) {
      initial[j] = toType(Math.sqrt(baseSquares[j]));
    }
    INDArray m = Nd4j.create(dataType(), out);
    NativeMatrix.of(m).fromDoubles(initial);
    this.magnitude = Parameter.trainable(base.name() + ".lora_magnitude_vector", m);
    this.adapterParameters = List.of(loraA, loraB, magnitude);
    this.weight = NativeMatrix.allocate(dataType(), out, in);
    this.normTerms = NativeMatrix.allocate(dataType(), out, rank);
    this.gram = NativeMatrix.allocate(dataType(), rank, rank);
    this.scaledB = NativeMatrix.allocate(dataType(), out, rank);
    this.factorScratch = NativeMatrix.allocate(dataType(), out, rank);
    this.rankScratch = NativeMatrix.allocate(dataType(), rank, rank);
    this.gradA = factorsTrainable && !spec.freezeA() ? gradient(loraA) : null;
    this.gradB = factorsTrainable ? gradient(loraB) : null;
    this.magnitudeValue = NativeMatrix.of(magnitude.value());
    this.magnitudeGrad = gradient(magnitude);
    this.biasValues = baseBias == null ? null : baseBias.toDoubles();
    this.projection = new RowBuffer(dataType(), out);
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
    updateScale();
    NativeMatrix w = NativeMatrix.allocate(dataType(), out, in);
    formScaled(scale, scaledB, w);
    return w.toArray();
  }

  @Override
  public NativeMatrix forwardWeight(boolean training) {
    beginForward(training);
    if (isMerged()) {
      return baseWeight;
    }
    updateScale();
    if (training && dropout != null) {
      weight.copyFrom(baseWeight);
      Blas.gemm(b, false, a, false, weight, scaling, 1);
      return baseWeight;
    }
    formScaled(scale, scaledB, weight);
    return weight;
  }

  /** {@code dst = diag(k)·W0 + s·kB·A}, with {@code kB = k ⊙ B} already in native memory. */
  private void formScaled(double[] k, NativeMatrix kB, NativeMatrix dst) {
    DoraKernels.scaleRows(baseWeight, k, dst, scratch);
    Blas.gemm(kB, false, a, false, dst, scaling, 1);
  }

  /**
   * n = max(||V||_row, floor), c = m / n and c ⊙ B, once per forward, without forming V: {@code
   * ||V_j||² = ||W0_j||² + B_j·T_j} with {@code T = 2s·W0·A^T + s²·B·(A·A^T)} ({@code [out, r]}).
   * The expansion's rounding grows as the norm cancels; rows where {@code ||V_j||² < ||W0_j||² / 4}
   * (at most 16 times float rounding) are summed from V_j itself.
   */
  private void updateScale() {
    double[] m = magnitudeValue.toDoubles();
    Blas.gemm(a, false, a, true, gram, 1, 0);
    timesAT(normTerms, 2 * scaling);
    Blas.gemm(b, false, gram, false, normTerms, scaling * scaling, 1);
    bValues = DoraKernels.read(b, bHost);
    double[] terms = DoraKernels.read(normTerms, termsHost);
    double[] aValues = null;
    double[] scaledBValues = scaledBHost.doubles(out * rank);
    for (int j = 0; j < out; j++) {
      int row = j * rank;
      double squared = baseSquares[j];
      for (int k = 0; k < rank; k++) {
        squared += bValues[row + k] * terms[row + k];
      }
      if (squared < 0.25 * baseSquares[j]) {
        aValues = aValues == null ? a.toDoubles() : aValues;
        squared = directionRowSquares(j, aValues);
      }
      norm[j] = Math.max(toType(Math.sqrt(Math.max(squared, 0))), NORM_FLOOR);
      scale[j] = m[j] / norm[j];
      if (!Double.isFinite(scale[j])) {
        throw new NumericalException(name() + " magnitude/norm", "forward", step);
      }
      for (int k = 0; k < rank; k++) {
        scaledBValues[row + k] = scale[j] * bValues[row + k];
      }
    }
    DoraKernels.write(scaledBValues, scaledB, scaledBHost);
  }

  /** {@code dst = alpha·W0·A^T} ({@code [out, r]}), in row blocks (see {@link #ROW_BLOCK}). */
  private void timesAT(NativeMatrix dst, double alpha) {
    for (int r = 0; r < out; r += rowBlock) {
      int rows = Math.min(rowBlock, out - r);
      Blas.gemm(baseWeight.rows(r, rows), false, a, true, dst.rows(r, rows), alpha, 0);
    }
  }

  /** ||V_j||² summed from the row {@code W0_j + s·B_j·A} itself (where the expansion cancels). */
  private double directionRowSquares(int j, double[] aValues) {
    double[] v = baseWeight.rows(j, 1).toDoubles();
    for (int k = 0; k < rank; k++) {
      double sb = scaling * bValues[j * rank + k];
      for (int i = 0; i < in; i++) {
        v[i] += sb * aValues[k * in + i];
      }
    }
    for (int i = 0; i < in; i++) {
      v[i] = toType(v[i]);
    }
    return DoraKernels.sumOfSquares(v, in);
  }

  private double toType(double value) {
    return dataType() == DataType.FLOAT ? (float) value : value;
  }

  @Override
  public void completeForward(NativeMatrix x, NativeMatrix y, boolean training) {
    if (isMerged()) {
      addBias(y);
      return;
    }
    int n = x.rows();
    if (training && dropout != null) {
      NativeMatrix adapterInput = cacheInputs(x);
      NativeMatrix p = projection.rows(n);
      Blas.gemm(adapterInput, false, weight, true, p, 1, 0);
      NativeMatrix z = lowRank.rows(n);
      Blas.gemm(adapterInput, false, a, true, z, 1, 0);
      DoraKernels.addScaledProjection(y, p, scale, biasValues, projected, scratch);
      Blas.gemm(z, false, b, true, y, scaling, 1);
      return;
    }
    if (training) {
      DoraKernels.keep(y, projected);
      NativeMatrix adapterInput = cacheInputs(x);
      if (factorsTrainable) {
        Blas.gemm(adapterInput, false, a, true, lowRank.rows(n), 1, 0);
      }
    }
    addBias(y);
  }

  @Override
  public NativeMatrix backwardWeight(NativeMatrix gradOutput) {
    int n = requireBackward(gradOutput);
    // dL/dc_j = sum_i g_ij (x'·V^T)_ij; dL/dm = dL/dc / n.
    double[] scaleGrad = DoraKernels.columnDots(gradOutput, projected, scratch, partials);
    if (dropout == null) {
      divideByScale(scaleGrad, gradOutput);
    }
    double[] dm = new double[out];
    for (int j = 0; j < out; j++) {
      dm[j] = scaleGrad[j] / norm[j];
    }
    DoraKernels.addTo(magnitudeGrad, dm);
    if (factorsTrainable) {
      accumulateFactorGrads(gradOutput, n);
      if (!spec.detachNorm()) {
        accumulateNormGrads(scaleGrad);
      }
    }
    cachedInput = null;
    if (dropout == null) {
      return weight;
    }
    double[] cMinusOne = new double[out];
    for (int j = 0; j < out; j++) {
      cMinusOne[j] = scale[j] - 1;
    }
    formScaled(cMinusOne, scaledB, weight);
    return baseWeight;
  }

  /**
   * Turns {@code sum_i g_ij y'_ij} into {@code sum_i g_ij (x·V^T)_ij}: divided by c_j as the weight
   * applied it, or, where |c_j| < {@link #MIN_SCALE}, from x·V_j^T formed for those rows alone.
   */
  private void divideByScale(double[] dots, NativeMatrix gradOutput) {
    int[] small = new int[out];
    int count = 0;
    for (int j = 0; j < out; j++) {
      double c = toType(scale[j]);
      if (Math.abs(c) < MIN_SCALE) {
        small[count++] = j;
      } else {
        dots[j] /= c;
      }
    }
    if (count == 0) {
      return;
    }
    NativeMatrix rows = NativeMatrix.allocate(dataType(), count, in);
    NativeMatrix factors = NativeMatrix.allocate(dataType(), count, rank);
    for (int t = 0; t < count; t++) {
      rows.rows(t, 1).copyFrom(baseWeight.rows(small[t], 1));
      factors.rows(t, 1).copyFrom(b.rows(small[t], 1));
    }
    Blas.gemm(factors, false, a, false, rows, scaling, 1);
    NativeMatrix projected = NativeMatrix.allocate(dataType(), gradOutput.rows(), count);
    Blas.gemm(cachedAdapterInput, false, rows, true, projected, 1, 0);
    double[] p = projected.toDoubles();
    for (int t = 0; t < count; t++) {
      double[] g = gradOutput.columns(small[t], 1).toDoubles();
      double d = 0;
      for (int i = 0; i < g.length; i++) {
        d += g[i] * p[i * count + t];
      }
      dots[small[t]] = d;
    }
  }

  @Override
  public void completeBackward(NativeMatrix gradOutput, NativeMatrix gradInput) {
    if (dropout != null) {
      // dL/dx' = g·(c ⊙ V) − g·W0 reaches x only where the mask kept it.
      NativeMatrix t = ScratchRows.rows(dataType(), in, gradOutput.rows());
      Blas.gemm(gradOutput, false, weight, false, t, 1, 0);
      dropout.addMasked(t, gradInput);
    }
  }

  /** Through the numerator x'·V^T: dB += s·c ⊙ (g^T·z), dA += (s·g·(c ⊙ B))^T·x', z = x'·A^T. */
  private void accumulateFactorGrads(NativeMatrix gradOutput, int n) {
    Blas.gemm(gradOutput, true, lowRank.rows(n), false, factorScratch, scaling, 0);
    DoraKernels.addScaledRows(gradB, factorScratch, scale, factorHosts);
    if (gradA == null) {
      return;
    }
    NativeMatrix u = lowRankGrad.rows(n);
    Blas.gemm(gradOutput, false, scaledB, false, u, scaling, 0);
    Blas.gemm(u, true, cachedAdapterInput, false, gradA, 1, 1);
  }

  /**
   * Through n = ||V||: dL/dn_j = −dL/dc_j · m_j / n_j², dV = diag(k)·V with k_j = dL/dn_j / n_j;
   * then dB += s·dV·A^T = s·diag(k)·(W0·A^T + s·B·A·A^T) and dA += s·B^T·dV = s·(k ⊙ B)^T·W0 +
   * s²·((k ⊙ B)^T·B)·A, without forming V. Floored rows are constants.
   */
  private void accumulateNormGrads(double[] scaleGrad) {
    double[] k = new double[out];
    for (int j = 0; j < out; j++) {
      k[j] = norm[j] > NORM_FLOOR ? -scaleGrad[j] * scale[j] / (norm[j] * norm[j]) : 0;
    }
    // W0·A^T + s·B·A·A^T = V·A^T, then row-scaled by s·k.
    timesAT(factorScratch, 1);
    Blas.gemm(b, false, gram, false, factorScratch, scaling, 1);
    double[] db = factorScratch.toDoubles();
    double[] kb = new double[out * rank];
    for (int j = 0; j < out; j++) {
      for (int c = 0; c < rank; c++) {
        db[j * rank + c] *= scaling * k[j];
        kb[j * rank + c] = k[j] * bValues[j * rank + c];
      }
    }
    DoraKernels.addTo(gradB, db);
    if (gradA == null) {
      return;
    }
    factorScratch.fromDoubles(kb);
    Blas.gemm(factorScratch, true, baseWeight, false, gradA, scaling, 1);
    Blas.gemm(factorScratch, true, b, false, rankScratch, 1, 0);
    Blas.gemm(rankScratch, false, a, false, gradA, scaling * scaling, 1);
  }
}
