package io.d2ora.app.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.store.ContentHash;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AnnouncementCodecTest {
  private static final UpdateAnnouncement A =
      new UpdateAnnouncement(
          RoundId.of(258),
          Address.parse("0x" + "ab".repeat(20)),
          ContentHash.parse("0x" + "cd".repeat(32)),
          1_048_576);

  @Test
  void shouldRoundTrip() {
    assertThat(AnnouncementCodec.decode(AnnouncementCodec.encode(A))).isEqualTo(A);
  }

  @Test
  void shouldLayOutFieldsAsDocumented() {
    String hex = HexFormat.of().formatHex(AnnouncementCodec.encode(A));

    assertThat(hex)
        .isEqualTo(
            "01" + "0000000000000102" + "ab".repeat(20) + "cd".repeat(32) + "0000000000100000");
  }

  @Test
  void shouldRejectWrongLength() {
    assertThatThrownBy(() -> AnnouncementCodec.decode(new byte[68]))
        .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class)
        .hasMessageContaining("69 bytes, got 68");
  }

  @Test
  void shouldRejectUnknownVersion() {
    byte[] b = AnnouncementCodec.encode(A);
    b[0] = 2;

    assertThatThrownBy(() -> AnnouncementCodec.decode(b))
        .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class)
        .hasMessageContaining("version 1, got 2");
  }

  @Test
  void shouldRejectNegativeSize() {
    byte[] b = AnnouncementCodec.encode(A);
    b[61] = (byte) 0x80;

    assertThatThrownBy(() -> AnnouncementCodec.decode(b))
        .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class);
  }
}
