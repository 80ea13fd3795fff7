package io.d2ora.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * CBLAS on blocks of larger matrices (row strides, offsets) against ND4J's mmul on copies, in both
 * data types and every transpose combination; the bias broadcast and column sums.
 */
class BlasTest {

  @ParameterizedTest(name = "transA={0} transB={1} {2}")
  @CsvSource({
    "false,false,DOUBLE",
    "true,false,DOUBLE",
    "false,true,DOUBLE",
    "true,true,DOUBLE",
    "false,false,FLOAT",
    "true,true,FLOAT"
  })
  void shouldMultiplyBlocksInPlace(boolean transA, boolean transB, DataType type) {
    Nd4j.getRandom().setSeed(1);
    INDArray a = Nd4j.randn(type, 9, 11);
    INDArray b = Nd4j.randn(type, 10, 12);
    INDArray c = Nd4j.randn(type, 8, 9);
    int m = 4;
    int k = 5;
    int n = 3;
    NativeMatrix blockA = NativeMatrix.of(a).block(2, 3, transA ? k : m, transA ? m : k);
    NativeMatrix blockB = NativeMatrix.of(b).block(1, 4, transB ? n : k, transB ? k : n);
    NativeMatrix blockC = NativeMatrix.of(c).block(3, 5, m, n);
    INDArray before = c.dup();
    INDArray opA = blockA.toArray();
    INDArray opB = blockB.toArray();
    INDArray expected =
        (transA ? opA.transpose() : opA)
            .mmul(transB ? opB.transpose() : opB)
            .muli(0.5)
            .addi(blockC.toArray().muli(2));

    Blas.gemm(blockA, transA, blockB, transB, blockC, 0.5, 2);

    double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
    assertThat(blockC.toArray().sub(expected).amaxNumber().doubleValue()).isLessThan(tolerance);
    INDArray outside = c.dup();
    outside.get(NDArrayIndex.interval(3, 7), NDArrayIndex.interval(5, 8)).assign(0);
    before.get(NDArrayIndex.interval(3, 7), NDArrayIndex.interval(5, 8)).assign(0);
    assertThat(outside).isEqualTo(before);
  }

  @Test
  void shouldBroadcastARowAndSumColumns() {
    INDArray m = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
    NativeMatrix v = NativeMatrix.of(Nd4j.createFromArray(10.0, 20.0, 30.0));

    Blas.addToRows(NativeMatrix.of(m), v, 0.5);
    INDArray sums = Nd4j.createFromArray(new double[][] {{1, 1, 1}});
    Blas.addColumnSums(NativeMatrix.of(m), NativeMatrix.of(sums), 2);

    assertThat(m.toDoubleMatrix()).isEqualTo(new double[][] {{6, 12, 18}, {9, 15, 21}});
    assertThat(sums.toDoubleVector()).containsExactly(31, 55, 79);
  }

  @Test
  void shouldRejectMismatchedShapesAndTypes() {
    NativeMatrix a = NativeMatrix.allocate(DataType.DOUBLE, 2, 3);
    NativeMatrix b = NativeMatrix.allocate(DataType.DOUBLE, 4, 2);

    assertThatThrownBy(() -> Blas.gemm(a, false, b, false, a, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gemm: op(A) is 2 x 3, op(B) 4 x 2, C 2 x 3");
    assertThatThrownBy(
            () -> Blas.gemm(a, false, NativeMatrix.allocate(DataType.FLOAT, 3, 3), false, a, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected one type");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DataType.class,
      names = {"FLOAT", "DOUBLE"})
  void shouldTakeRowSquaresInFloat64AndScaleRowsOfABlock(DataType type) {
    INDArray values = Nd4j.randn(DataType.DOUBLE, 5, 7).castTo(type);
    INDArray before = values.dup();
    NativeMatrix block = NativeMatrix.of(values).block(1, 2, 3, 4);
    double[] squares = new double[5];
    double[] k = {9, 0.5, -2, 3, 9};

    Blas.rowSquares(block, squares, 1);
    Blas.scaleRows(block, k, 1);

    assertThat(squares[0]).isZero();
    assertThat(squares[4]).isZero();
    for (int j = 0; j < 5; j++) {
      double expected = 0;
      for (int i = 0; i < 7; i++) {
        boolean inside = j >= 1 && j < 4 && i >= 2 && i < 6;
        double v = before.getDouble(j, i);
        expected += inside ? v * v : 0;
        double scaled = type == DataType.FLOAT ? (float) k[j] * (float) v : k[j] * v;
        assertThat(values.getDouble(j, i)).isEqualTo(inside ? scaled : v);
      }
      assertThat(squares[j]).isCloseTo(expected, within(1e-12 * expected));
    }
  }
}
