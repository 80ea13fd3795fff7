package io.d2ora.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolViolationException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class YamuxTest {
  @Test
  void shouldEncodeHeaderBigEndian() {
    YamuxHeader h =
        new YamuxHeader(
            YamuxHeader.TYPE_WINDOW_UPDATE,
            YamuxHeader.FLAG_SYN | YamuxHeader.FLAG_FIN,
            3,
            0x40000);

    assertThat(HexFormat.of().formatHex(h.encode())).isEqualTo("000100050000000300040000");
    assertThat(YamuxHeader.decode(h.encode(), 0)).isEqualTo(h);
  }

  @Test
  void shouldRejectUnknownVersionOrType() {
    assertThatThrownBy(
            () -> YamuxHeader.decode(HexFormat.of().parseHex("010000000000000000000000"), 0))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(
            () -> YamuxHeader.decode(HexFormat.of().parseHex("000400000000000000000000"), 0))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void shouldGrowReceiveWindowToMaximumAsDataIsConsumed() {
    ReceiveWindow w = new ReceiveWindow(16 << 20);
    long announced = YamuxHeader.INITIAL_WINDOW;
    long received = 0;
    for (int i = 0; i < 200; i++) {
      int chunk = (int) Math.min(64 * 1024, w.available());
      w.onReceived(chunk);
      received += chunk;
      announced += w.onConsumed(chunk);
    }

    assertThat(w.window()).isEqualTo(16 << 20);
    assertThat(announced - received).isEqualTo(w.available());
  }

  @Test
  void shouldRejectDataBeyondTheWindow() {
    ReceiveWindow w = new ReceiveWindow(1 << 20);
    w.onReceived(YamuxHeader.INITIAL_WINDOW);

    assertThatThrownBy(() -> w.onReceived(1)).isInstanceOf(ProtocolViolationException.class);
  }
}
