package io.d2ora.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever is done to a valid file's bytes, decoding either succeeds or throws {@link
 * MalformedUpdateException}; nothing else escapes (no IndexOutOfBounds, NegativeArraySize,
 * OutOfMemoryError from a lying length). Seeded, so a failure reproduces.
 */
class SafetensorsFuzzTest {
  private static final int CASES = 4000;
  private static final UpdateLimits TIGHT = new UpdateLimits(1 << 16, 1 << 12, 64, 8);

  @Test
  void shouldOnlyThrowMalformedUpdateOnMutatedInput() {
    Random rnd = new Random(20261124);
    byte[] valid = SafetensorsCodec.encode(TestUpdates.random(1, 5));
    int headerEnd = 8 + (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] mutated = mutate(valid, headerEnd, rnd);
      try {
        SafetensorsCodec.decode(mutated, TIGHT);
        accepted++;
      } catch (MalformedUpdateException expected) {
        rejected++;
      } catch (RuntimeException | Error other) {
        throw new AssertionError("case " + i + " escaped with " + other, other);
      }
    }
    assertThat(accepted + rejected).isEqualTo(CASES);
    assertThat(rejected).as("most mutations break the file").isGreaterThan(CASES / 3);
  }

  private static byte[] mutate(byte[] valid, int headerEnd, Random rnd) {
    byte[] b = valid.clone();
    switch (rnd.nextInt(7)) {
      case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncate
      case 1 -> { // flip bits in the header, where structure lives
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
          b[rnd.nextInt(headerEnd)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 2 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); // any byte anywhere
      case 3 -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, rnd.nextLong());
      case 4 -> { // replace a digit in the header: offsets and shapes lie
        int at = 8 + rnd.nextInt(headerEnd - 8);
        if (Character.isDigit(b[at])) {
          b[at] = (byte) ('0' + rnd.nextInt(10));
        }
      }
      case 5 -> { // insert junk inside the header
        int at = 8 + rnd.nextInt(headerEnd - 8);
        byte[] longer = new byte[b.length + 1];
        System.arraycopy(b, 0, longer, 0, at);
        longer[at] = (byte) "{}[],:\"0 9-e".charAt(rnd.nextInt(12));
        System.arraycopy(b, at, longer, at + 1, b.length - at);
        b = longer;
      }
      default -> { // random garbage of a random length
        b = new byte[rnd.nextInt(64)];
        rnd.nextBytes(b);
      }
    }
    return b;
  }
}
