package io.d2ora.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated frames: the decoder either returns an RPC or throws InvalidRpcException. */
class RpcCodecFuzzTest {
  private static final int ROUNDS = 20_000;

  @Test
  void shouldNeverFailOtherwiseOnRandomBytes() {
    Random random = new Random(42);
    int decoded = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] frame = new byte[random.nextInt(64)];
      random.nextBytes(frame);
      decoded += tryDecode(frame);
    }
    assertThat(decoded).isPositive();
  }

  @Test
  void shouldNeverFailOtherwiseOnMutatedValidFrames() {
    Random random = new Random(7);
    byte[] valid = RpcCodec.encode(RpcCodecTest.sample());
    int decoded = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] frame = mutate(valid, random);
      decoded += tryDecode(frame);
    }
    assertThat(decoded).isPositive();
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] frame = java.util.Arrays.copyOf(valid, valid.length - random.nextInt(valid.length / 4));
    int flips = 1 + random.nextInt(4);
    for (int j = 0; j < flips; j++) {
      frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
    }
    return frame;
  }

  /** 1 when the frame decoded (and re-encodes), 0 when it was refused as invalid. */
  private static int tryDecode(byte[] frame) {
    try {
      Rpc rpc = RpcCodec.decode(frame, RpcLimits.DEFAULT);
      RpcCodec.encode(rpc);
      return 1;
    } catch (InvalidRpcException expected) {
      return 0;
    }
  }
}
