package io.d2ora.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NativeMatrixTest {

  @Test
  void shouldReadAndWriteBlocksOfTheArraysMemory() {
    INDArray a = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(4, 6);
    NativeMatrix block = NativeMatrix.of(a).block(1, 2, 2, 3);
    float[] values = new float[6];

    block.read(values, 0);
    block.write(new float[] {-1, -2, -3, -4, -5, -6}, 0);

    assertThat(values).containsExactly(8, 9, 10, 14, 15, 16);
    assertThat(a.getFloat(1, 2)).isEqualTo(-1);
    assertThat(a.getFloat(2, 4)).isEqualTo(-6);
    assertThat(a.getFloat(2, 5)).isEqualTo(17);
  }

  @Test
  void shouldViewAnNd4jViewAtItsOffset() {
    INDArray a = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(4, 6);
    INDArray view = a.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 5));

    assertThat(NativeMatrix.of(view).toDoubles()).containsExactly(8, 9, 10, 14, 15, 16);
    assertThat(NativeMatrix.of(view).ld()).isEqualTo(6);
  }

  @Test
  void shouldCopyAndZeroStridedBlocks() {
    NativeMatrix a = NativeMatrix.of(Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4));
    NativeMatrix b = NativeMatrix.allocate(DataType.DOUBLE, 3, 5);

    b.columns(1, 2).copyFrom(a.columns(2, 2));
    b.block(0, 1, 1, 2).zero();

    assertThat(b.toArray().toDoubleMatrix())
        .isEqualTo(new double[][] {{0, 0, 0, 0, 0}, {0, 6, 7, 0, 0}, {0, 10, 11, 0, 0}});
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = DataType.class,
      names = {"FLOAT", "DOUBLE"})
  void shouldTransposeIntoAColumnBlockAcrossSeveralTiles(DataType type) {
    int rows = 70;
    int cols = 45;
    INDArray src = Nd4j.arange(rows * cols).castTo(type).reshape(rows, cols);
    INDArray dst = Nd4j.zeros(type, cols, rows + 3);
    NativeMatrix block = NativeMatrix.of(dst).columns(2, rows);

    block.transposeFrom(NativeMatrix.of(src), new HostBuffer());

    assertThat(dst.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + rows)))
        .isEqualTo(src.transpose());
    assertThat(dst.getColumn(0).sumNumber().doubleValue()).isZero();
    assertThat(dst.getColumn(rows + 2).sumNumber().doubleValue()).isZero();
    assertThatThrownBy(() -> block.transposeFrom(block, new HostBuffer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transpose");
  }

  @Test
  void shouldRejectLayoutsBlasCannotReadInPlace() {
    INDArray transposed = Nd4j.create(DataType.FLOAT, 3, 4).transpose();

    assertThatThrownBy(() -> NativeMatrix.of(transposed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contiguous rows");
    assertThatThrownBy(() -> NativeMatrix.of(Nd4j.create(DataType.INT, 2, 2)))
        .hasMessage("expected data type FLOAT or DOUBLE, got INT");
    assertThatThrownBy(() -> NativeMatrix.allocate(DataType.FLOAT, 2, 3).block(1, 1, 2, 2))
        .hasMessage("block [1+2, 1+2] outside a 2 x 3 matrix");
    assertThatThrownBy(
            () -> NativeMatrix.allocate(DataType.FLOAT, 2, 3).columns(0, 2).reshape(1, 4))
        .hasMessageContaining("cannot view 2 x 2 (ld 3) as 1 x 4");
  }
}
