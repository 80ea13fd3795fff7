package io.d2ora.core.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link ProductLayer}s that read the same input, computed with one matrix product forward and one
 * backward: their weights are stacked row-wise into {@code [sum of outs, in]}, so {@code y = x·W^T}
 * fills every member's output block at once and {@code dx = g·W} sums every member's input
 * gradient. BERT's query, key and value projections become one GEMM of width 3H instead of three of
 * width H. A group of one multiplies by the member's own weight (no copy).
 *
 * <p>Stacked rows of members with {@link ProductLayer#constantWeights()} are copied once; the
 * others on every call. Same call order and threading as {@link ProductLayer}.
 */
public final class LinearGroup {
  private final List<ProductLayer> members;
  private final int[] offsets;
  private final int width;
  private final int in;
  private final DataType type;
  private final NativeMatrix forwardWeights;
  private final NativeMatrix backwardWeights;
  private boolean constantForwardRows;
  private boolean constantBackwardRows;

  public LinearGroup(List<? extends ProductLayer> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a linear group needs at least one member");
    }
    this.members = List.copyOf(members);
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
    this.backwardWeights = stacked ? NativeMatrix.allocate(type, width, in) : null;
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
    NativeMatrix weights;
    if (backwardWeights == null) {
      weights = members.get(0).backwardWeight(g);
    } else {
      for (int i = 0; i < members.size(); i++) {
        ProductLayer m = members.get(i);
        NativeMatrix w = m.backwardWeight(block(g, i));
        if (dx != null && (!m.constantWeights() || !constantBackwardRows)) {
          rows(backwardWeights, i).copyFrom(w);
        }
      }
      constantBackwardRows |= dx != null;
      weights = backwardWeights;
    }
    if (dx == null) {
      return;
    }
    Tensors.requireShape(dx, "group input gradient", g.rows(), in);
    Blas.gemm(g, false, weights, false, dx, 1, accumulate ? 1 : 0);
    for (int i = 0; i < members.size(); i++) {
      members.get(i).completeBackward(block(g, i), dx);
    }
  }

  private NativeMatrix rows(NativeMatrix stacked, int member) {
    return stacked.rows(offsets[member], offsets[member + 1] - offsets[member]);
  }
}
