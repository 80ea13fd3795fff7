package io.d2ora.p2p.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.p2p.ProtocolViolationException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentWireTest {
  private static final int MIB = 1 << 20;

  private static byte[] okHeader(long size) {
    return ContentWire.responseHeader(ContentWire.OK, size);
  }

  @Test
  void shouldAllocateWithTheBytesThatArriveNotWithTheDeclaredSize() {
    ContentWire.ResponseReader reader = new ContentWire.ResponseReader(256 * MIB, 64 * MIB);

    reader.feed(okHeader(64L * MIB));
    reader.feed(new byte[1000]);

    assertThat(reader.capacity()).isEqualTo(ContentWire.ResponseReader.INITIAL_CAPACITY);
    assertThat(reader.complete()).isNull();
  }

  @Test
  void shouldRefuseASizeAboveTheCallersLimitBeforeAllocating() {
    ContentWire.ResponseReader reader = new ContentWire.ResponseReader(256 * MIB, 64 * MIB);

    assertThatThrownBy(() -> reader.feed(okHeader(200L * MIB)))
        .isInstanceOf(ContentUnavailableException.class)
        .hasMessageContaining("more than the " + 64 * MIB + " accepted");
    assertThat(reader.capacity()).isZero();
  }

  @Test
  void shouldTreatASizeAboveTheProtocolLimitAsAViolation() {
    ContentWire.ResponseReader reader = new ContentWire.ResponseReader(MIB, MIB);

    assertThatThrownBy(() -> reader.feed(okHeader(MIB + 1)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void shouldReassembleContentFedInRandomChunks() {
    byte[] content = new byte[300_000];
    new Random(3).nextBytes(content);
    byte[] header = okHeader(content.length);
    byte[] wire = Arrays.copyOf(header, header.length + content.length);
    System.arraycopy(content, 0, wire, header.length, content.length);
    ContentWire.ResponseReader reader = new ContentWire.ResponseReader(MIB, MIB);
    Random random = new Random(4);

    for (int off = 0; off < wire.length; ) {
      int n = Math.min(wire.length - off, 1 + random.nextInt(70_000));
      reader.feed(Arrays.copyOfRange(wire, off, off + n));
      off += n;
    }

    assertThat(reader.complete()).isEqualTo(content);
    assertThatThrownBy(() -> reader.feed(new byte[1]))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("longer than its declared size");
  }

  @Test
  void shouldRejectDataAfterANonOkStatus() {
    ContentWire.ResponseReader reader = new ContentWire.ResponseReader(MIB, MIB);

    assertThatThrownBy(() -> reader.feed(new byte[] {ContentWire.BUSY, 0}))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
