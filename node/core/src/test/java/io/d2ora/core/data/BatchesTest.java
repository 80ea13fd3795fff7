package io.d2ora.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private static final int[] LENGTHS = IntStream.range(0, 103).map(i -> 5 + i * 7 % 31).toArray();

  @Test
  void shouldCoverEveryExampleOnceWithBatchesOfTheRequestedSize() {
    List<int[]> batches = Batches.shuffled(LENGTHS, 10, 42, 1);
    int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, LENGTHS.length).toArray());
    assertThat(batches).allSatisfy(b -> assertThat(b.length).isBetween(1, 10));
  }

  @Test
  void shouldRepeatForSeedAndEpochAndDifferAcrossEpochs() {
    List<int[]> a = Batches.shuffled(LENGTHS, 10, 42, 1);
    List<int[]> b = Batches.shuffled(LENGTHS, 10, 42, 1);
    List<int[]> c = Batches.shuffled(LENGTHS, 10, 42, 2);
    assertThat(a).usingRecursiveComparison().isEqualTo(b);
    assertThat(a).usingRecursiveComparison().isNotEqualTo(c);
  }

  @Test
  void shouldBatchSequentiallyForEvaluation() {
    assertThat(Batches.sequential(5, 2))
        .containsExactly(new int[] {0, 1}, new int[] {2, 3}, new int[] {4});
  }
}
