package io.d2ora.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeesTest {
  private static Fees fees(long maxFee, long tip) {
    return new Fees(BigInteger.valueOf(maxFee), BigInteger.valueOf(tip));
  }

  @Test
  void shouldRaiseBothFeesByTheBumpSoANodeAcceptsTheReplacement() {
    Fees bumped = fees(1000, 100).bumped(25, fees(500, 50));
    assertThat(bumped.maxFee()).isEqualTo(BigInteger.valueOf(1251));
    assertThat(bumped.tip()).isEqualTo(BigInteger.valueOf(126));
  }

  @Test
  void shouldNeverBumpBelowWhatTheChainAsksNow() {
    Fees bumped = fees(1000, 100).bumped(25, fees(5000, 300));
    assertThat(bumped.tip()).isEqualTo(BigInteger.valueOf(300));
    assertThat(bumped.maxFee()).isEqualTo(BigInteger.valueOf(5000));
  }

  @Test
  void shouldBumpALegacyGasPrice() {
    Fees legacy = new Fees(BigInteger.valueOf(1000), null);
    Fees bumped = legacy.bumped(25, new Fees(BigInteger.valueOf(900), null));
    assertThat(bumped.eip1559()).isFalse();
    assertThat(bumped.maxFee()).isEqualTo(BigInteger.valueOf(1251));
  }
}
