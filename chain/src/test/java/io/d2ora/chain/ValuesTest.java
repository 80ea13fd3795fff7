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
  void shouldRejectRoundParamsTheAbiCannotCarry() {
    Instant t = Instant.ofEpochSecond(1_000);
    assertThatThrownBy(() -> params(t, BigInteger.ZERO, 70_000, 10, 0))
        .hasMessageContaining("uint16 participant cap, got 70000");
    assertThatThrownBy(() -> params(t, BigInteger.ONE.shiftLeft(128), 4, 10, 0))
        .hasMessageContaining("minStake in 0..2^128-1");
    assertThatThrownBy(() -> params(t, BigInteger.ONE, 4, 1L << 32, 0))
        .hasMessageContaining("uint32 sample cap, got 4294967296");
    assertThatThrownBy(() -> params(t, BigInteger.ONE, 4, 10, -1))
        .hasMessageContaining("uint16 quorum in bps, got -1");
    assertThatThrownBy(() -> params(t.plusMillis(5), BigInteger.ONE, 4, 10, 0))
        .hasMessageContaining("whole epoch seconds");
  }

  private static RoundParams params(
      Instant t, BigInteger minStake, int maxParticipants, long sampleCap, int quorumBps) {
    return new RoundParams(
        Hash32.ZERO,
        Hash32.ZERO,
        t,
        t.plusSeconds(60),
        t.plusSeconds(120),
        minStake,
        maxParticipants,
        sampleCap,
        quorumBps,
        BigInteger.ZERO,
        EthAddress.ZERO);
  }

  @Test
  void shouldHashTheIncludedSetInAscendingOrderPaddedToWords() {
    EthAddress a = EthAddress.of("0x" + "01".repeat(20));
    EthAddress b = EthAddress.of("0x" + "02".repeat(20));
    byte[] packed = new byte[64];
    System.arraycopy(a.bytes(), 0, packed, 12, 20);
    System.arraycopy(b.bytes(), 0, packed, 44, 20);
    assertThat(IncludedSet.hash(List.of(b, a))).isEqualTo(Hash32.keccak256(packed));
    assertThatThrownBy(() -> IncludedSet.hash(List.of(a, b, a)))
        .hasMessageContaining("distinct addresses");
  }

  @Test
  void shouldTellWhetherAUint64SampleCountFitsALong() {
    assertThat(Uint64.exact(BigInteger.valueOf(Long.MAX_VALUE))).hasValue(Long.MAX_VALUE);
    assertThat(Uint64.exact(BigInteger.ONE.shiftLeft(63))).isEmpty();
    assertThat(Uint64.exact(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))).isEmpty();
  }

  @Test
  void shouldLayOutThePeerProofMessageAsTheRegistryDoes() {
    EthAddress registry = EthAddress.of("0x" + "aa".repeat(20));
    EthAddress account = EthAddress.of("0x" + "bb".repeat(20));
    byte[] m = PeerProof.message(31337, registry, account);
    assertThat(m).hasSize(98);
    assertThat(new String(m, 0, 26, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("D2ORA peer registration v1");
    assertThat(java.util.Arrays.copyOfRange(m, 26, 58))
        .isEqualTo(org.web3j.utils.Numeric.toBytesPadded(BigInteger.valueOf(31337), 32));
    assertThat(java.util.Arrays.copyOfRange(m, 58, 78)).isEqualTo(registry.bytes());
    assertThat(java.util.Arrays.copyOfRange(m, 78, 98)).isEqualTo(account.bytes());
  }

  @Test
  void shouldRequireSixtyFiveByteSignatures() {
    assertThatThrownBy(
            () -> new SignedUpdate(1, Hash32.ZERO, 1, Hash32.ZERO, EthAddress.ZERO, new byte[64]))
        .hasMessageContaining("65-byte signature, got 64");
  }
}
