package io.d2ora.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.dora.AdapterMode;
import io.d2ora.core.dora.AdapterSpec;
import io.d2ora.core.dora.Adapters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One product for several maps of the same input (a frozen Linear, a DoRA and a LoRA layer, as
 * query/key/value) against running each map alone through {@link Layer#forward} and {@link
 * Layer#backward}, in float64: outputs, input gradient (the sum of the members') and every
 * parameter gradient agree within 1e-12, with and without adapter dropout (identical seeds give
 * identical masks), twice in a row (frozen rows are copied once), and with no input gradient asked
 * for.
 */
class LinearGroupTest {
  private static final int ROWS = 6;
  private static final int IN = 5;
  private static final int[] OUTS = {4, 3, 4};

  @ParameterizedTest(name = "dropout {0}")
  @ValueSource(doubles = {0.0, 0.4})
  void shouldEqualItsMembersRunAlone(double dropout) {
    List<ProductLayer> grouped = members(dropout);
    List<ProductLayer> alone = members(dropout);
    LinearGroup group = new LinearGroup(grouped, new HostBuffer());
    Nd4j.getRandom().setSeed(3);

    for (int round = 0; round < 2; round++) {
      INDArray x = Nd4j.randn(DataType.DOUBLE, ROWS, IN);
      INDArray g = Nd4j.randn(DataType.DOUBLE, ROWS, group.width());
      NativeMatrix[] yAndDx = step(group, x, g);
      NativeMatrix y = yAndDx[0];
      NativeMatrix dx = yAndDx[1];

      INDArray dxAlone = Nd4j.zeros(DataType.DOUBLE, ROWS, IN);
      int offset = 0;
      for (int i = 0; i < alone.size(); i++) {
        int out = OUTS[i];
        INDArray yi = alone.get(i).forward(x, true);
        INDArray gi = g.get(all(), interval(offset, offset + out)).dup();
        dxAlone.addi(alone.get(i).backward(gi));
        assertClose(group.block(y, i).toArray(), yi);
        offset += out;
      }
      assertClose(dx.toArray(), dxAlone);
      assertSameGradients(grouped, alone);
    }
  }

  @ParameterizedTest(name = "dropout {0}")
  @ValueSource(doubles = {0.0, 0.4})
  void shouldAccumulateOnlyParameterGradientsWhenNoInputGradientIsAsked(double dropout) {
    List<ProductLayer> withInput = members(dropout);
    List<ProductLayer> without = members(dropout);
    Nd4j.getRandom().setSeed(4);
    INDArray x = Nd4j.randn(DataType.DOUBLE, ROWS, IN);
    INDArray g = Nd4j.randn(DataType.DOUBLE, ROWS, 11);
    for (List<ProductLayer> members : List.of(withInput, without)) {
      LinearGroup group = new LinearGroup(members, new HostBuffer());
      group.forward(NativeMatrix.of(x), NativeMatrix.allocate(DataType.DOUBLE, ROWS, 11), true);
      NativeMatrix dx =
          members == withInput ? NativeMatrix.allocate(DataType.DOUBLE, ROWS, IN) : null;
      group.backward(NativeMatrix.of(g), dx, false);
    }
    assertSameGradients(withInput, without);
  }

  /**
   * A lone frozen map multiplies backward by a transposed copy of its weight, a lone adapted one by
   * its own weight: both must give what the layer gives alone, in the models' float32.
   */
  @ParameterizedTest(name = "member {0}")
  @ValueSource(ints = {0, 1, 2})
  void shouldEqualALoneMemberInFloat32(int member) {
    ProductLayer grouped = members(0.0, DataType.FLOAT).get(member);
    ProductLayer alone = members(0.0, DataType.FLOAT).get(member);
    LinearGroup group = new LinearGroup(List.of(grouped), new HostBuffer());
    Nd4j.getRandom().setSeed(5);
    for (int round = 0; round < 2; round++) {
      INDArray x = Nd4j.randn(DataType.FLOAT, ROWS, IN);
      INDArray g = Nd4j.randn(DataType.FLOAT, ROWS, group.width());
      NativeMatrix[] yAndDx = step(group, x, g);

      assertClose(yAndDx[0].toArray(), alone.forward(x, true), 1e-5);
      assertClose(yAndDx[1].toArray(), alone.backward(g), 1e-5);
    }
  }

  /** One training step of the group in x's type: its output, then the input's gradient. */
  private static NativeMatrix[] step(LinearGroup group, INDArray x, INDArray g) {
    NativeMatrix y = NativeMatrix.allocate(x.dataType(), ROWS, group.width());
    NativeMatrix dx = NativeMatrix.allocate(x.dataType(), ROWS, IN);
    group.forward(NativeMatrix.of(x), y, true);
    group.backward(NativeMatrix.of(g), dx, false);
    return new NativeMatrix[] {y, dx};
  }

  private static List<ProductLayer> members(double dropout) {
    return members(dropout, DataType.DOUBLE);
  }

  private static List<ProductLayer> members(double dropout, DataType type) {
    Nd4j.getRandom().setSeed(1);
    List<ProductLayer> out = new ArrayList<>();
    String[] names = {"layer.query", "layer.key", "layer.value"};
    AdapterMode[] modes = {null, AdapterMode.DORA, AdapterMode.LORA};
    for (int i = 0; i < 3; i++) {
      Linear base =
          Linear.frozen(names[i], Nd4j.randn(type, OUTS[i], IN), Nd4j.randn(type, OUTS[i]));
      if (modes[i] == null) {
        out.add(base);
        continue;
      }
      AdapterSpec spec =
          AdapterSpec.builder()
              .mode(modes[i])
              .rank(2)
              .dropout(dropout)
              .targetModules(List.of("key", "value"))
              .build();
      var adapted = Adapters.wrap(base, spec);
      adapted.loraB().value().assign(Nd4j.randn(type, OUTS[i], 2).muli(0.3));
      out.add(adapted);
    }
    return out;
  }

  private static void assertSameGradients(List<ProductLayer> a, List<ProductLayer> b) {
    for (int i = 0; i < a.size(); i++) {
      List<Parameter> pa = a.get(i).trainableParameters();
      List<Parameter> pb = b.get(i).trainableParameters();
      for (int k = 0; k < pa.size(); k++) {
        assertClose(pa.get(k).grad(), pb.get(k).grad());
      }
    }
  }

  private static void assertClose(INDArray actual, INDArray expected) {
    assertClose(actual, expected, 1e-12);
  }

  private static void assertClose(INDArray actual, INDArray expected, double tolerance) {
    assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(tolerance);
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex all() {
    return org.nd4j.linalg.indexing.NDArrayIndex.all();
  }

  private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
    return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
  }
}
