package io.d2ora.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsMessageTest {

  @Test
  void shouldRoundTripQuery() {
    byte[] bytes = DnsMessage.query("_p2p._udp.local", DnsMessage.TYPE_PTR).encode();

    DnsMessage decoded = DnsMessage.decode(bytes, bytes.length);

    assertThat(decoded.response()).isFalse();
    assertThat(decoded.questions())
        .containsExactly(new DnsMessage.Question("_p2p._udp.local", DnsMessage.TYPE_PTR));
  }

  @Test
  void shouldEncodeQueryAsRfc1035Bytes() {
    byte[] bytes = DnsMessage.query("a.local", DnsMessage.TYPE_PTR).encode();

    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo("000000000001000000000000" + "0161056c6f63616c00" + "000c0001");
  }

  @Test
  void shouldRoundTripResponseWithPtrAndTxt() {
    DnsMessage message =
        new DnsMessage(
            true,
            List.of(),
            List.of(DnsMessage.Record.ptr("_p2p._udp.local", "abc._p2p._udp.local", 120)),
            List.of(
                DnsMessage.Record.txt(
                    "abc._p2p._udp.local", List.of("dnsaddr=/ip4/127.0.0.1/tcp/1/p2p/x"), 120)));
    byte[] bytes = message.encode();

    assertThat(DnsMessage.decode(bytes, bytes.length)).isEqualTo(message);
  }

  @Test
  void shouldFollowBackwardCompressionPointers() {
    // Question "a.local"; answer name = pointer to offset 12, PTR rdata = "b" + pointer to 12.
    byte[] bytes =
        HexFormat.of()
            .parseHex(
                "000084000001000100000000"
                    + "0161056c6f63616c00000c0001"
                    + "c00c000c0001000000780004"
                    + "0162c00c");

    DnsMessage decoded = DnsMessage.decode(bytes, bytes.length);

    assertThat(decoded.answers().get(0).name()).isEqualTo("a.local");
    assertThat(decoded.answers().get(0).target()).isEqualTo("b.a.local");
  }

  @Test
  void shouldRejectPointerLoops() {
    byte[] bytes = HexFormat.of().parseHex("000000000001000000000000" + "c00c000c0001");

    assertThatThrownBy(() -> DnsMessage.decode(bytes, bytes.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldOnlyThrowIllegalArgumentOnGarbage() {
    Random random = new Random(3);
    byte[] valid =
        new DnsMessage(
                true,
                List.of(),
                List.of(DnsMessage.Record.ptr("_p2p._udp.local", "abc._p2p._udp.local", 120)),
                List.of(DnsMessage.Record.txt("abc._p2p._udp.local", List.of("dnsaddr=/x"), 120)))
            .encode();
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = valid.clone();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      int length = bytes.length - random.nextInt(4);
      try {
        DnsMessage.decode(bytes, length);
        decoded++;
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(decoded).isPositive();
  }
}
