package io.d2ora.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Keccak256Test {

  @Test
  void shouldMatchEthereumKeccak256Vectors() {
    // keccak256("") and keccak256("abc") as Solidity and ethers compute them (not SHA3-256).
    assertThat(ContentHash.keccak256(new byte[0]).hex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(ContentHash.keccak256("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void shouldGiveTheSameDigestWhenFedInPieces() {
    byte[] data = new byte[10_000];
    new Random(7).nextBytes(data);

    Keccak256 pieces = new Keccak256();
    for (int offset = 0; offset < data.length; offset += 137) {
      pieces.update(data, offset, Math.min(137, data.length - offset));
    }

    assertThat(pieces.digest()).isEqualTo(ContentHash.keccak256(data));
  }

  @Test
  void shouldRefuseInputAfterTheDigest() {
    Keccak256 digest = new Keccak256().update(new byte[] {1});
    digest.digest();

    assertThatThrownBy(() -> digest.update(new byte[] {2}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already complete");
    assertThatThrownBy(digest::digest).isInstanceOf(IllegalStateException.class);
  }
}
