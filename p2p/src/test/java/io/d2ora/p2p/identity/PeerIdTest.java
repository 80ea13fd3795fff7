package io.d2ora.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.multiformats.Multiaddr;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();

  static byte[] seed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < 32; i++) {
      seed[i] = (byte) i;
    }
    return seed;
  }

  @Test
  void shouldDeriveKnownPeerIdFromEd25519Seed() {
    PrivateKey key = PrivateKey.ed25519FromSeed(seed());

    assertThat(HEX.formatHex(key.publicKey().toProtobuf()))
        .isEqualTo("0801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
    assertThat(key.peerId().toString())
        .isEqualTo("12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB");
  }

  @Test
  void shouldRoundTripTextAndRecoverInlinedKey() {
    PrivateKey key = PrivateKey.generateEd25519();
    PeerId id = PeerId.parse(key.peerId().toString());

    assertThat(id).isEqualTo(key.peerId());
    assertThat(id.publicKey()).contains(key.publicKey());
    assertThat(id.matches(key.publicKey())).isTrue();
  }

  @Test
  void shouldParseLegacySha256PeerIds() {
    PeerId id = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");

    assertThat(id.bytes()).hasSize(34);
    assertThat(id.publicKey()).isEmpty();
    assertThat(id.toString()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
  }

  @Test
  void shouldReadPeerIdFromMultiaddr() {
    PeerId id = PrivateKey.generateEd25519().peerId();
    Multiaddr addr = id.appendTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));

    assertThat(PeerId.fromMultiaddr(addr)).contains(id);
    assertThat(addr.toString()).isEqualTo("/ip4/127.0.0.1/tcp/4001/p2p/" + id);
  }

  @Test
  void shouldRejectInvalidText() {
    assertThatThrownBy(() -> PeerId.parse("0OIl")).isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> PeerId.parse("")).isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> PeerId.parse("1111")).isInstanceOf(ProtocolViolationException.class);
  }
}
