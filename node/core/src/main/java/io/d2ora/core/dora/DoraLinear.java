package io.d2ora.core.dora;

import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.KernelThreads;
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
 * <p>Without dropout the layer costs what LoRA's does plus two passes over {@code [n, out]} and two
 * over its weight while that is in cache. Both big products use one weight, {@code c ⊙ V}, formed
 * as LoRA forms {@code W0 + s·B·A} (a copy of W0 plus a rank-r product) but in row blocks small
 * enough to stay in the core's cache, where each row's norm is taken and the row scaled by {@code
 * c_j} (BLAS dot and scale, float64 sums): W0 is read from memory once a step. The magnitude's
 * gradient {@code dL/dc_j = sum_i g_ij (x·V^T)_ij} is {@code sum_i g_ij y'_ij / c_j} with {@code y'
 * = x·(c ⊙ V)^T}, the output before its bias (kept for backward); a column whose {@code |c_j|} is
 * below {@link #MIN_SCALE} (where y' no longer carries x·V_j^T) gets x·V_j^T from its own product.
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
   * Elements of the weight formed, measured and scaled at a time (32 KiB of float32): the block
   * stays in the core's L1 cache between the rank-r product, the row norms and the scaling, and its
   * product takes OpenBLAS's unpacked small-matrix kernel. Forming c ⊙ V at 384 x 1536, r = 16:
   * 0.53 ms, 0.56-0.58 ms with 256 KiB blocks.
   */
  private static final int BLOCK_ELEMENTS = 1 << 13;

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

  /** A·A^T {@code [r, r]}, for the norm's gradient when it is not detached. */
  private final NativeMatrix gram;

  private final NativeMatrix scaledB;
  private final NativeMatrix factorScratch;
  private final NativeMatrix rankScratch;
  private final NativeMatrix gradA;
  private final NativeMatrix gradB;
  private final NativeMatrix magnitudeValue;
  private final NativeMatrix magnitudeGrad;
  private final double[] biasValues;
  private final double[] squares;
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

  private final HostBuffer scaledBHost = new HostBuffer();
  private final HostBuffers factorHosts = new HostBuffers();
  private double[] bValues;

  DoraLinear(Linear base, AdapterSpec spec) {
    super(base, spec, spec.mode() == AdapterMode.DORA);
    this.factorsTrainable = spec.mode() == AdapterMode.DORA;
    this.out = Math.toIntExact(base.outFeatures());
    this.in = Math.toIntExact(base.inFeatures());
    this.rank = spec.rank();
    this.rowBlock = Math.max(1, Math.min(out, BLOCK_ELEMENTS / Math.max(1, in)));
    this.norm = new double[out];
    this.scale = new double[out];
    this.squares = new double[out];
    // m starts at the norms as formDirection takes them (same sums, rounded to the type): with B =
    // 0
    // V is W0 bit for bit, so c = 1 exactly and the adapted layer starts as the base layer.
    Blas.rowSquares(baseWeight, squares, 0);
    double[] initial = new double[out];
    for (int j = 0; j < out; j++) {
      initial[j] = toType(Math.sqrt(squares[j]));
    }
    INDArray m = Nd4j.create(dataType(), out);
    NativeMatrix.of(m).fromDoubles(initial);
    this.magnitude = Parameter.trainable(base.name() + ".lora_magnitude_vector", m);
    this.adapterParameters = List.of(loraA, loraB, magnitude);
    this.weight = NativeMatrix.allocate(dataType(), out, in);
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
    NativeMatrix w = NativeMatrix.allocate(dataType(), out, in);
    formDirection(w, true);
    return w.toArray();
  }

  @Override
  public NativeMatrix forwardWeight(boolean training) {
    beginForward(training);
    if (isMerged()) {
      return baseWeight;
    }
    if (training && dropout != null) {
      formDirection(weight, false);
      return baseWeight;
    }
    formDirection(weight, true);
    return weight;
  }

  /**
   * {@code dst = V = W0 + s·B·A}, or {@code c ⊙ V} when {@code scaled}, block by block (blocks
   * split over the kernel threads; every row is computed the same way on any of them); sets n =
   * max(||V||_row, floor) rounded to the type, c = m / n and c ⊙ B.
   *
   * @throws NumericalException if some ||V_j|| or c_j is not finite
   */
  private void formDirection(NativeMatrix dst, boolean scaled) {
    double[] m = magnitudeValue.toDoubles();
    forEachBlock(
        dst,
        (r, block) -> {
          Blas.gemm(b.rows(r, block.rows()), false, a, false, block, scaling, 1);
          Blas.rowSquares(block, squares, r);
          for (int j = r; j < r + block.rows(); j++) {
            if (!Double.isFinite(squares[j])) {
              // An infinite or NaN entry of V: c_j could come out a finite 0 over a NaN row.
              throw new NumericalException(name() + " direction norm", "forward", step);
            }
            norm[j] = Math.max(toType(Math.sqrt(squares[j])), NORM_FLOOR);
            scale[j] = m[j] / norm[j];
            if (!Double.isFinite(scale[j])) {
              throw new NumericalException(name() + " magnitude/norm", "forward", step);
            }
          }
          if (scaled) {
            Blas.scaleRows(block, scale, r);
          }
        });
    bValues = DoraKernels.read(b, bHost);
    double[] scaledBValues = scaledBHost.doubles(out * rank);
    for (int j = 0; j < out; j++) {
      for (int k = 0; k < rank; k++) {
        scaledBValues[j * rank + k] = scale[j] * bValues[j * rank + k];
      }
    }
    DoraKernels.write(scaledBValues, scaledB, scaledBHost);
  }

  /**
   * {@code dst = diag(k)·W0 + s·kB·A}, with {@code kB = k ⊙ B} already in native memory, in the row
   * blocks of {@link #formDirection}.
   */
  private void formScaled(double[] k, NativeMatrix kB, NativeMatrix dst) {
    forEachBlock(
        dst,
        (r, block) -> {
          Blas.scaleRows(block, k, r);
          Blas.gemm(kB.rows(r, block.rows()), false, a, false, block, scaling, 1);
        });
  }

  /** Work on one row block of {@code dst}, which already holds W0's rows from {@code first} on. */
  @FunctionalInterface
  private interface BlockWork {
    void run(int first, NativeMatrix block);
  }

  /**
   * Copies W0 into {@code dst} block by block, each block then worked on while it is in cache;
   * blocks split over the kernel threads (every row computed the same way on any of them).
   */
  private void forEachBlock(NativeMatrix dst, BlockWork work) {
    KernelThreads.split(
        (out + rowBlock - 1) / rowBlock,
        (from, to, worker) -> {
          for (int r = from * rowBlock; r < Math.min(to * rowBlock, out); r += rowBlock) {
            NativeMatrix block = dst.rows(r, Math.min(rowBlock, out - r));
            block.copyFrom(baseWeight.rows(r, block.rows()));
            work.run(r, block);
          }
        });
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
    Blas.gemm(a, false, a, true, gram, 1, 0);
    Blas.gemm(baseWeight, false, a, true, factorScratch, 1, 0);
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
