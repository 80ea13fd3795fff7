package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcCodecTest {

  static Rpc sample() {
    WireMessage message =
        new WireMessage(
            new byte[] {0, 36, 8, 1},
            "hello".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 0, 0, 0, 0, 0, 0, 7},
            "topic-a",
            new byte[64],
            new byte[] {8, 1, 18, 32});
    Rpc.Control control =
        new Rpc.Control(
            List.of(new Rpc.IHave("topic-a", List.of(new byte[] {1, 2}, new byte[] {3}))),
            List.of(new Rpc.IWant(List.of(new byte[] {9}))),
            List.of(new Rpc.Graft("topic-b")),
            List.of(
                new Rpc.Prune("topic-c", List.of(new Rpc.PeerInfo(new byte[] {5, 6}, null)), 60)));
    return new Rpc(
        List.of(new Rpc.SubOpts(true, "topic-a"), new Rpc.SubOpts(false, "topic-b")),
        List.of(message),
        control);
  }

  @Test
  void shouldRoundTripEveryField() {
    Rpc rpc = sample();

    Rpc decoded = RpcCodec.decode(RpcCodec.encode(rpc), RpcLimits.DEFAULT);

    assertThat(decoded).usingRecursiveComparison().isEqualTo(rpc);
    assertThat(RpcCodec.encode(decoded)).isEqualTo(RpcCodec.encode(rpc));
  }

  @Test
  void shouldEncodeSubscriptionLikeJs() {
    // protons (js-libp2p) writes SubOpts{subscribe=true, topic="a"} as 0a 05 08 01 12 01 61.
    Rpc rpc = new Rpc(List.of(new Rpc.SubOpts(true, "a")), List.of(), Rpc.Control.EMPTY);

    assertThat(HexFormat.of().formatHex(RpcCodec.encode(rpc))).isEqualTo("0a050801120161");
  }

  @Test
  void shouldSignOnlyFieldsOneToFourInTagOrder() {
    WireMessage message =
        new WireMessage(new byte[] {1}, new byte[] {2}, new byte[] {3}, "t", new byte[] {4}, null);

    assertThat(HexFormat.of().formatHex(RpcCodec.encodeForSigning(message)))
        .isEqualTo("0a01011201021a01032201" + "74");
  }

  @Test
  void shouldDecodeEmptyFrameAsEmptyRpc() {
    assertThat(RpcCodec.decode(new byte[0], RpcLimits.DEFAULT).isEmpty()).isTrue();
  }

  @Test
  void shouldSkipUnknownFieldsAndIDontWant() {
    // RPC{ field 9 varint 5 ; control{ idontwant(5){ ids 1 } ; graft{topic "x"} } }
    byte[] frame = HexFormat.of().parseHex("4805" + "1a0a" + "2a030a0101" + "1a03" + "0a0178");

    Rpc rpc = RpcCodec.decode(frame, RpcLimits.DEFAULT);

    assertThat(rpc.control().graft()).containsExactly(new Rpc.Graft("x"));
  }

  @Test
  void shouldRejectFrameOverTheSizeLimit() {
    RpcLimits limits = new RpcLimits(8, 10, 10, 10, 10, 10, 10);

    assertThatThrownBy(() -> RpcCodec.decode(new byte[9], limits))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("9 bytes exceeds the limit of 8");
  }

  @Test
  void shouldRejectTooManyMessages() {
    RpcLimits limits = new RpcLimits(1 << 20, 10, 0, 10, 10, 10, 10);

    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(sample()), limits))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("messages");
  }

  @Test
  void shouldRejectTooManyIHaveIds() {
    RpcLimits limits = new RpcLimits(1 << 20, 10, 10, 1, 10, 10, 10);

    assertThatThrownBy(() -> RpcCodec.decode(RpcCodec.encode(sample()), limits))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("IHAVE ids");
  }

  @Test
  void shouldRejectNestedLengthBeyondFrame() {
    byte[] frame = HexFormat.of().parseHex("12ffffff0f00");

    assertThatThrownBy(() -> RpcCodec.decode(frame, RpcLimits.DEFAULT))
        .isInstanceOf(InvalidRpcException.class);
  }

  @Test
  void shouldRejectInvalidUtf8Topic() {
    byte[] frame = HexFormat.of().parseHex("0a03" + "1201ff");

    assertThatThrownBy(() -> RpcCodec.decode(frame, RpcLimits.DEFAULT))
        .isInstanceOf(InvalidRpcException.class);
  }

  @Test
  void shouldRejectDeeplyNestedGroupsWithoutRecursing() {
    byte[] frame = new byte[1 << 20];
    java.util.Arrays.fill(frame, (byte) 0x0b); // field 1, START_GROUP, repeated

    assertThatThrownBy(() -> RpcCodec.decode(frame, RpcLimits.DEFAULT))
        .isInstanceOf(InvalidRpcException.class);
  }
}
