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
  private static final SignedAnnouncement SIGNED = new SignedAnnouncement(A, 16, signature());

  private static byte[] signature() {
    byte[] s = new byte[65];
    java.util.Arrays.fill(s, 0, 64, (byte) 0xee);
    s[64] = 27;
    return s;
  }

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
    b[0] = 3;

    assertThatThrownBy(() -> AnnouncementCodec.decode(b))
        .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class)
        .hasMessageContaining("version 1 or 2, got 3");
  }

  @Test
  void shouldRoundTripASignedAnnouncementAndReadItsAnnouncementAlone() {
    byte[] bytes = AnnouncementCodec.encode(SIGNED);

    assertThat(AnnouncementCodec.decodeSigned(bytes)).contains(SIGNED);
    assertThat(AnnouncementCodec.decode(bytes)).isEqualTo(A);
    assertThat(AnnouncementCodec.decodeSigned(AnnouncementCodec.encode(A))).isEmpty();
  }

  @Test
  void shouldLayOutSignedFieldsAsDocumented() {
    String hex = HexFormat.of().formatHex(AnnouncementCodec.encode(SIGNED));

    assertThat(hex)
        .isEqualTo(
            "02"
                + "0000000000000102"
                + "ab".repeat(20)
                + "cd".repeat(32)
                + "0000000000100000"
                + "0000000000000010"
                + "ee".repeat(64)
                + "1b");
  }

  @Test
  void shouldRejectASignedAnnouncementCutShortOrClaimingNoSamples() {
    byte[] full = AnnouncementCodec.encode(SIGNED);
    byte[] cut = java.util.Arrays.copyOf(full, AnnouncementCodec.LENGTH);
    byte[] zero = full.clone();
    java.util.Arrays.fill(zero, 69, 77, (byte) 0);
    byte[] negative = full.clone();
    negative[69] = (byte) 0x80;

    assertThatThrownBy(() -> AnnouncementCodec.decode(cut))
        .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class)
        .hasMessageContaining("142 bytes, got 69");
    for (byte[] b : new byte[][] {zero, negative}) {
      assertThatThrownBy(() -> AnnouncementCodec.decodeSigned(b))
          .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class)
          .hasMessageContaining("sample count must be positive");
    }
  }

  @Test
  void shouldRejectNegativeSize() {
    byte[] b = AnnouncementCodec.encode(A);
    b[61] = (byte) 0x80;

    assertThatThrownBy(() -> AnnouncementCodec.decode(b))
        .isInstanceOf(AnnouncementCodec.MalformedAnnouncementException.class);
  }
}
