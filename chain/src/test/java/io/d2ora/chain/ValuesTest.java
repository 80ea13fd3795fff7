package io.d2ora.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void shouldNormaliseAddressesAndOrderThemAsTheContractDoes() {
    EthAddress upper = EthAddress.of("0xABCDEF0000000000000000000000000000000001");
    assertThat(upper.hex()).isEqualTo("0xabcdef0000000000000000000000000000000001");
    assertThat(EthAddress.of("abcdef0000000000000000000000000000000001")).isEqualTo(upper);
    EthAddress low = EthAddress.of("0x0000000000000000000000000000000000000002");
    assertThat(List.of(upper, low).stream().sorted()).containsExactly(low, upper);
  }

  @Test
  void shouldRejectMalformedAddressesAndHashes() {
    assertThatThrownBy(() -> EthAddress.of("0x1234")).hasMessageContaining("20 bytes");
    assertThatThrownBy(() -> Hash32.of("0xzz")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Hash32.of(new byte[31]))
        .hasMessageContaining("expected 32 bytes, got 31");
  }

  @Test
  void shouldHashWithKeccak256() {
    // keccak256("") from the Keccak team's test vectors.
    assertThat(Hash32.keccak256(new byte[0]).hex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void shouldRejectRoundParamsWithDeadlinesOutOfOrder() {
    Instant t = Instant.ofEpochSecond(1_000);
    assertThatThrownBy(
            () ->
                new RoundParams(
                    Hash32.ZERO,
                    Hash32.ZERO,
                    t,
                    t.minusSeconds(1),
                    t.plusSeconds(5),
                    BigInteger.ZERO,
                    1,
                    BigInteger.ZERO,
                    EthAddress.ZERO))
        .hasMessageContaining("join <= commit < finalize");
    assertThatThrownBy(
            () ->
                new RoundParams(
                    Hash32.ZERO,
                    Hash32.ZERO,
                    t,
                    t,
                    t.plusSeconds(5),
                    BigInteger.ZERO,
                    257,
                    BigInteger.ZERO,
                    EthAddress.ZERO))
        .hasMessageContaining("1..256 participants, got 257");
  }

  @Test
  void shouldRequireSixtyFiveByteSignatures() {
    assertThatThrownBy(
            () -> new SignedUpdate(1, Hash32.ZERO, 1, Hash32.ZERO, EthAddress.ZERO, new byte[64]))
        .hasMessageContaining("65-byte signature, got 64");
  }
}
