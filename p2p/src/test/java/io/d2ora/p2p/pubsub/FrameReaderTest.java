package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  @Test
  void shouldSplitFramesFedOneByteAtATime() {
    byte[] a = FrameReader.frame(new byte[300]);
    byte[] b = FrameReader.frame(new byte[] {7});
    byte[] stream = concat(a, b, FrameReader.frame(new byte[0]));
    FrameReader reader = new FrameReader(1024);
    List<byte[]> frames = new ArrayList<>();

    for (byte x : stream) {
      frames.addAll(reader.feed(new byte[] {x}));
    }

    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).hasSize(300);
    assertThat(frames.get(1)).containsExactly(7);
    assertThat(frames.get(2)).isEmpty();
  }

  @Test
  void shouldRejectOversizedLengthBeforeAllocating() {
    FrameReader reader = new FrameReader(1024);

    assertThatThrownBy(() -> reader.feed(new byte[] {(byte) 0x81, 0x08}))
        .isInstanceOf(InvalidRpcException.class)
        .hasMessageContaining("1025 bytes exceeds the limit of 1024");
  }

  @Test
  void shouldRejectOverlongVarint() {
    FrameReader reader = new FrameReader(1024);
    byte[] junk = new byte[6];
    Arrays.fill(junk, (byte) 0x80);

    assertThatThrownBy(() -> reader.feed(junk)).isInstanceOf(InvalidRpcException.class);
  }

  @Test
  void shouldSurviveRandomChunkingAndGarbage() {
    Random random = new Random(11);
    for (int round = 0; round < 2000; round++) {
      byte[] data = new byte[random.nextInt(40)];
      random.nextBytes(data);
      FrameReader reader = new FrameReader(64);
      try {
        for (byte[] frame : reader.feed(data)) {
          assertThat(frame.length).isLessThanOrEqualTo(64);
        }
      } catch (InvalidRpcException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
