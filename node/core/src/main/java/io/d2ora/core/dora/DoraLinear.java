package io.d2ora.core.dora;

import io.d2ora.core.nn.Blas;
import io.d2ora.core.nn.HostBuffer;
import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.Linear;
import io.d2ora.core.nn.NativeMatrix;
import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
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
 * <p>Cost per step without dropout: V once per forward (one {@code out·r·in} product), the big
 * products {@code x·V^T} forward and {@code g·(c ⊙ V)} backward, exactly as many as a frozen layer,
 * plus rank-r products and one pass over {@code [n, out]} each way (the column scale c and its
 * gradient {@code dL/dc_j = sum_i g_ij (x·V^T)_ij}). With dropout the shared product uses W0, and
 * x'·V^T and g·(c ⊙ V − W0) are one extra product each way: {@code y += (c − 1) ⊙ (x'·V^T) +
 * s·z·B^T}, using {@code x'·W0^T = x'·V^T − s·z·B^T}.
 */
final class DoraLinear extends AbstractAdaptedLinear {
  /** Smallest row norm used as a divisor. */
  static final double NORM_FLOOR = 1e-12;

  private final Parameter magnitude;
  private final boolean factorsTrainable;
  private final List<Parameter> adapterParameters;
  private final int out;
  private final int in;
  private final NativeMatrix direction;
  private final NativeMatrix backwardWeight;
  private final NativeMatrix normGradient;
  private final NativeMatrix scaledB;
  private final NativeMatrix gradBScratch;
  private final NativeMatrix gradA;
  private final NativeMatrix gradB;
  private final NativeMatrix magnitudeValue;
  private final NativeMatrix magnitudeGrad;
  private final double[] biasValues;
  private final double[] norm;
  private final double[] scale;
  private final HostBuffer directionHost = new HostBuffer();
  private final HostBuffer projected = new HostBuffer();
  private final HostBuffers scratch = new HostBuffers();
  private final HostBuffer factorHost = new HostBuffer();
  private final float[][] aRows;

  /** Whether the last forward formed backward's weight (float32 training forwards do). */
  private boolean backwardFormed;

  DoraLinear(Linear base, AdapterSpec spec) {
    super(base, spec, spec.mode() == AdapterMode.DORA);
    this.factorsTrainable = spec.mode() == AdapterMode.DORA;
    this.out = Math.toIntExact(base.outFeatures());
    this.in = Math.toIntExact(base.inFeatures());
    this.norm = new double[out];
    this.scale = new double[out];
    double[] initial = new double[out];
    DoraKernels.rowNorms(baseWeight, new HostBuffer(), initial, 0);
    INDArray m = Nd4j.create(dataType(), out);
    NativeMatrix.of(m).fromDoubles(initial);
    this.magnitude = Parameter.trainable(base.name() + ".lora_magnitude_vector", m);
    this.adapterParameters = List.of(loraA, loraB, magnitude);
    this.direction = NativeMatrix.allocate(dataType(), out, in);
    this.backwardWeight = NativeMatrix.allocate(dataType(), out, in);
    this.normGradient = NativeMatrix.allocate(dataType(), out, in);
    this.scaledB = NativeMatrix.allocate(dataType(), out, spec.rank());
    this.gradBScratch = NativeMatrix.allocate(dataType(), out, spec.rank());
    this.gradA = factorsTrainable && !spec.freezeA() ? gradient(loraA) : null;
    this.gradB = factorsTrainable ? gradient(loraB) : null;
    this.magnitudeValue = NativeMatrix.of(magnitude.value());
    this.magnitudeGrad = gradient(magnitude);
    this.biasValues = baseBias == null ? null : baseBias.toDoubles();
    this.aRows = new float[dataType() == DataType.FLOAT ? spec.rank() : 0][in];
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
    updateDirection(false, true);
    NativeMatrix w = NativeMatrix.allocate(dataType(), out, in);
    DoraKernels.scaleRows(directionHost, scale, null, w, scratch);
    return w.toArray();
  }

  @Override
  public NativeMatrix forwardWeight(boolean training) {
    beginForward(training);
    if (isMerged()) {
      return baseWeight;
    }
    updateDirection(training, training && !spec.detachNorm());
    for (double c : scale) {
      if (!Double.isFinite(c)) {
        throw new NumericalException(name() + " magnitude/norm", "forward", step);
      }
    }
    return training && dropout != null ? baseWeight : direction;
  }

  /**
   * V = W0 + s·B·A, n = max(||V||_row, floor), c = m / n; once per forward. In float32 a training
   * forward also forms backward's weight {@code c ⊙ V (− W0 with dropout)} in the same pass over
   * W0; V's heap copy is kept only when asked (the norm's own gradient, merging).
   */
  private void updateDirection(boolean training, boolean keepHost) {
    double[] m = magnitudeValue.toDoubles();
    if (dataType() == DataType.FLOAT) {
      for (int k = 0; k < aRows.length; k++) {
        a.rows(k, 1).read(aRows[k], 0);
      }
      float[] bHost = factorHost.floats(out * spec.rank());
      b.read(bHost, 0);
      DoraFloatKernels.formDirection(
          baseWeight,
          aRows,
          bHost,
          (float) scaling,
          m,
          NORM_FLOOR,
          direction,
          keepHost ? directionHost.floats(out * in) : null,
          training ? backwardWeight : null,
          dropout != null,
          norm,
          scale,
          scratch);
      backwardFormed = training;
      return;
    }
    direction.copyFrom(baseWeight);
    Blas.gemm(b, false, a, false, direction, scaling, 1);
    DoraKernels.rowNorms(direction, directionHost, norm, NORM_FLOOR);
    for (int j = 0; j < out; j++) {
      scale[j] = m[j] / norm[j];
    }
    backwardFormed = false;
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
      NativeMatrix p = ScratchRows.rows(dataType(), out, n);
      Blas.gemm(adapterInput, false, direction, true, p, 1, 0);
      NativeMatrix z = lowRank.rows(n);
      Blas.gemm(adapterInput, false, a, true, z, 1, 0);
      DoraKernels.addScaledProjection(y, p, scale, biasValues, projected, scratch);
      Blas.gemm(z, false, b, true, y, scaling, 1);
      return;
    }
    DoraKernels.scaleColumns(y, scale, biasValues, training ? projected : null, scratch);
    if (training) {
      NativeMatrix adapterInput = cacheInputs(x);
      if (factorsTrainable) {
        Blas.gemm(adapterInput, false, a, true, lowRank.rows(n), 1, 0);
      }
    }
  }

  @Override
  public NativeMatrix backwardWeight(NativeMatrix gradOutput) {
    int n = requireBackward(gradOutput);
    // dL/dc_j = sum_i g_ij (x'·V^T)_ij; dL/dm = dL/dc / n.
    double[] scaleGrad = DoraKernels.columnDots(gradOutput, projected, scratch);
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
    if (!backwardFormed) {
      DoraKernels.scaleRows(
          directionHost, scale, dropout != null ? baseWeight : null, backwardWeight, scratch);
    }
    cachedInput = null;
    return dropout != null ? baseWeight : backwardWeight;
  }

  @Override
  public void completeBackward(NativeMatrix gradOutput, NativeMatrix gradInput) {
    if (dropout != null) {
      // dL/dx' = g·(c ⊙ V) − g·W0 reaches x only where the mask kept it.
      NativeMatrix t = ScratchRows.rows(dataType(), in, gradOutput.rows());
      Blas.gemm(gradOutput, false, backwardWeight, false, t, 1, 0);
      dropout.addMasked(t, gradInput);
    }
  }

  /** Through the numerator x'·V^T: dB += s·c ⊙ (g^T·z), dA += (s·g·(c ⊙ B))^T·x', z = x'·A^T. */
  private void accumulateFactorGrads(NativeMatrix gradOutput, int n) {
    Blas.gemm(gradOutput, true, lowRank.rows(n), false, gradBScratch, scaling, 0);
    double[] db = DoraKernels.scaleRows(gradBScratch.toDoubles(), scale, out, spec.rank());
    DoraKernels.addTo(gradB, db);
    if (gradA == null) {
      return;
    }
    scaledB.fromDoubles(DoraKernels.scaleRows(b.toDoubles(), scale, out, spec.rank()));
    NativeMatrix u = lowRankGrad.rows(n);
    Blas.gemm(gradOutput, false, scaledB, false, u, scaling, 0);
    Blas.gemm(u, true, cachedAdapterInput, false, gradA, 1, 1);
  }

  /**
   * Through n = ||V||: dL/dn_j = −dL/dc_j · m_j / n_j², dL/dV_j = dL/dn_j · V_j / n_j; then dB +=
   * s·dV·A^T and dA += s·B^T·dV. Floored rows are constants (zero derivative).
   */
  private void accumulateNormGrads(double[] scaleGrad) {
    double[] k = new double[out];
    for (int j = 0; j < out; j++) {
      k[j] = norm[j] > NORM_FLOOR ? -scaleGrad[j] * scale[j] / (norm[j] * norm[j]) : 0;
    }
    DoraKernels.scaleRows(directionHost, k, null, normGradient, scratch);
    Blas.gemm(normGradient, false, a, true, gradB, scaling, 1);
    if (gradA != null) {
      Blas.gemm(b, true, normGradient, false, gradA, scaling, 1);
    }
  }
}
