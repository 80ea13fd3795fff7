package io.d2ora.core.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link ProductLayer}s that read the same input, computed with one matrix product forward and one
 * backward: their weights are stacked row-wise into {@code [sum of outs, in]}, so {@code y = x·W^T}
 * fills every member's output block at once and {@code dx = g·W} sums every member's input
 * gradient. BERT's query, key and value projections become one GEMM of width 3H instead of three of
 * width H. A group of one multiplies forward by the member's own weight (no copy).
 *
 * <p>The backward product reads its weights transposed, {@code dx = g·(Wbᵀ)ᵀ}: OpenBLAS packs a
 * row-major right operand much faster when it is marked transposed, and the weights come cold from
 * memory (a frozen {@code [512, 384] x [384, 1536]} product measured 12-18 % slower the plain way).
 * The transposed copy is kept for groups of several members and for a lone frozen one; a lone
 * adapted member, whose weight changes every step, is multiplied as it is. Members with {@link
 * ProductLayer#constantWeights()} are copied once, the others on every call. Same call order and
 * threading as {@link ProductLayer}.
 */
public final class LinearGroup {
  private final List<ProductLayer> members;
  private final int[] offsets;
  private final int width;
  private final int in;
  private final DataType type;
  private final NativeMatrix forwardWeights;
  private final NativeMatrix backwardTransposed;
  private final HostBuffer scratch;
  private boolean constantForwardRows;
  private boolean constantBackwardColumns;

  /**
   * @param members maps that read the same input, stacked in this order
   * @param scratch heap arrays for transposing weights, used on the calling thread only (may be
   *     shared with the caller's other kernels)
   */
  public LinearGroup(List<? extends ProductLayer> members, HostBuffer scratch) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a linear group needs at least one member");
    }
    this.members = List.copyOf(members);
    this.scratch = scratch;
    this.in = Math.toIntExact(members.get(0).inFeatures());
    this.type = members.get(0).dataType();
    this.offsets = new int[members.size() + 1];
    for (int i = 0; i < members.size(); i++) {
      ProductLayer m = members.get(i);
      if (m.inFeatures() != in || m.dataType() != type) {
        throw new IllegalArgumentException(
            m.name()
                + ": expected "
                + in
                + " inputs of type "
                + type
                + ", got "
                + m.inFeatures()
                + " of "
                + m.dataType());
      }
      offsets[i + 1] = offsets[i] + Math.toIntExact(m.outFeatures());
    }
    this.width = offsets[members.size()];
    boolean stacked = members.size() > 1;
    this.forwardWeights = stacked ? NativeMatrix.allocate(type, width, in) : null;
    boolean transposed = stacked || members.get(0).constantWeights();
    this.backwardTransposed = transposed ? NativeMatrix.allocate(type, in, width) : null;
  }

  public List<ProductLayer> members() {
    return members;
  }

  /** Total output width, the sum of the members' output features. */
  public int width() {
    return width;
  }

  public int inFeatures() {
    return in;
  }

  /** Member i's columns of a {@code [n, width]} output or output gradient. */
  public NativeMatrix block(NativeMatrix full, int member) {
    return full.columns(offsets[member], offsets[member + 1] - offsets[member]);
  }

  /**
   * Writes every member's output into its column block of {@code y}.
   *
   * @param x {@code [n, in]}, kept by the members until backward when training
   * @param y {@code [n, width]}
   */
  public void forward(NativeMatrix x, NativeMatrix y, boolean training) {
    Tensors.requireShape(x, "group input", x.rows(), in);
    Tensors.requireShape(y, "group output", x.rows(), width);
    NativeMatrix weights;
    if (forwardWeights == null) {
      weights = members.get(0).forwardWeight(training);
    } else {
      for (int i = 0; i < members.size(); i++) {
        ProductLayer m = members.get(i);
        NativeMatrix w = m.forwardWeight(training);
        if (!m.constantWeights() || !constantForwardRows) {
          rows(forwardWeights, i).copyFrom(w);
        }
      }
      constantForwardRows = true;
      weights = forwardWeights;
    }
    Blas.gemm(x, false, weights, true, y, 1, 0);
    for (int i = 0; i < members.size(); i++) {
      members.get(i).completeForward(x, block(y, i), training);
    }
  }

  /**
   * Accumulates every member's parameter gradients and, if {@code dx} is given, its input gradient.
   *
   * @param g {@code [n, width]}; the block of a member without trainable parameters may hold
   *     anything when {@code dx} is null
   * @param dx {@code [n, in]} or null when no input gradient is wanted (then only members that
   *     train do any work)
   * @param accumulate add into {@code dx} instead of overwriting it
   */
  public void backward(NativeMatrix g, NativeMatrix dx, boolean accumulate) {
    Tensors.requireShape(g, "group gradient", g.rows(), width);
    if (dx != null) {
      Tensors.requireShape(dx, "group input gradient", g.rows(), in);
    }
    double beta = accumulate ? 1 : 0;
    if (backwardTransposed == null) {
      NativeMatrix weight = members.get(0).backwardWeight(g);
      if (dx == null) {
        return;
      }
      Blas.gemm(g, false, weight, false, dx, 1, beta);
    } else {
      for (int i = 0; i < members.size(); i++) {
        ProductLayer m = members.get(i);
        NativeMatrix w = m.backwardWeight(block(g, i));
        if (dx != null && (!m.constantWeights() || !constantBackwardColumns)) {
          block(backwardTransposed, i).transposeFrom(w, scratch);
        }
      }
      if (dx == null) {
        return;
      }
      constantBackwardColumns = true;
      Blas.gemm(g, false, backwardTransposed, true, dx, 1, beta);
    }
    for (int i = 0; i < members.size(); i++) {
      members.get(i).completeBackward(block(g, i), dx);
    }
  }

  private NativeMatrix rows(NativeMatrix stacked, int member) {
    return stacked.rows(offsets[member], offsets[member + 1] - offsets[member]);
  }
}
