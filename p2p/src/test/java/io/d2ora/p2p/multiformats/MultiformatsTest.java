package io.d2ora.p2p.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the multiformats specs (unsigned-varint, multihash, multiaddr) and base58btc. */
class MultiformatsTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource({
    "1,01",
    "127,7f",
    "128,8001",
    "255,ff01",
    "300,ac02",
    "16384,808001",
    "9223372036854775807,ffffffffffffffff7f"
  })
  void shouldEncodeVarintsAsSpecified(long value, String hex) {
    assertThat(HEX.formatHex(Varint.encode(value))).isEqualTo(hex);
    assertThat(Varint.read(ByteBuffer.wrap(HEX.parseHex(hex)))).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8000", "ff", "80808080808080808001", ""})
  void shouldRejectNonMinimalTruncatedOrOverlongVarints(String hex) {
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex(hex))))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void shouldEncodeBase58LikeBitcoin() {
    assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("2NEpo7TZRRrLZSi2U");
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.decode("112")).containsExactly(0, 0, 1);
    assertThat(Base58.decode("")).isEmpty();
  }

  @Test
  void shouldEncodeSha256Multihash() {
    Multihash mh = Multihash.sha256("foo".getBytes(StandardCharsets.US_ASCII));

    assertThat(HEX.formatHex(mh.toBytes()))
        .isEqualTo("12202c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
    assertThat(Multihash.fromBytes(mh.toBytes())).isEqualTo(mh);
  }

  @ParameterizedTest
  @CsvSource({
    "/ip4/127.0.0.1,047f000001",
    "/ip4/127.0.0.1/tcp/5000,047f000001061388",
    "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095,29200108a07ac542013ac986fffe317095",
    "/ip6/::1/tcp/4001,2900000000000000000000000000000001060fa1",
    "/ip4/127.0.0.1/udp/1234/quic-v1,047f000001910204d2cd03",
    "/dns4/example.com/tcp/443,360b6578616d706c652e636f6d0601bb"
  })
  void shouldRoundTripMultiaddrVectors(String text, String hex) {
    Multiaddr a = Multiaddr.parse(text);

    assertThat(HEX.formatHex(a.toBytes())).isEqualTo(hex);
    assertThat(Multiaddr.fromBytes(HEX.parseHex(hex))).isEqualTo(a);
    assertThat(a.toString()).isEqualTo(text);
  }

  @Test
  void shouldEncodeP2PComponentAsLengthPrefixedMultihash() {
    Multiaddr a = Multiaddr.parse("/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");

    assertThat(HEX.formatHex(a.toBytes())).startsWith("a50322122");
    assertThat(a.toString()).isEqualTo("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ip4",
        "/ip4/256.0.0.1",
        "/ip4/1.2.3",
        "/tcp/65536",
        "/udp/-1",
        "/ip6/1:2:3",
        "/unknown/1",
        "ip4/1.2.3.4",
        "/p2p/notbase58!",
        "/ip6/::1::2"
      })
  void shouldRejectInvalidMultiaddrs(String text) {
    assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(ProtocolViolationException.class);
  }
}
