package io.d2ora.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Seeded batching of example indices. {@link #shuffled} groups examples of similar length (as
 * Hugging Face's {@code group_by_length}): shuffle, sort each window of 50 batches by length, cut
 * into batches, shuffle the batches. Less padding, same randomness per seed and epoch.
 */
public final class Batches {
  static final int WINDOW_BATCHES = 50;

  private Batches() {}

  /**
   * @param lengths length (e.g. token count) of each example
   * @return batches of indices covering every example once; only the last batch of each window
   *     may be smaller
   */
  public static List<int[]> shuffled(int[] lengths, int batchSize, long seed, int epoch) {
    requirePositive(batchSize);
    Random random = new Random(seed * 1_000_003L + epoch);
    List<Integer> order = new ArrayList<>(IntStream.range(0, lengths.length).boxed().toList());
    Collections.shuffle(order, random);
    int window = batchSize * WINDOW_BATCHES;
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start < order.size(); start += window) {
      List<Integer> w = new ArrayList<>(order.subList(start, Math.min(order.size(), start + window)));
      w.sort(Comparator.comparingInt(i -> lengths[i]));
      int[] ids = w.stream().mapToInt(Integer::intValue).toArray();
      for (int b = 0; b < ids.length; b += batchSize) {
        batches.add(Arrays.copyOfRange(ids, b, Math.min(ids.length, b + batchSize)));
      }
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  /** Consecutive batches in the given order (evaluation). */
  public static List<int[]> sequential(int count, int batchSize) {
    requirePositive(batchSize);
    List<int[]> batches = new ArrayList<>();
    for (int b = 0; b < count; b += batchSize) {
      batches.add(IntStream.range(b, Math.min(count, b + batchSize)).toArray());
    }
    return batches;
  }

  private static void requirePositive(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size: expected >= 1, got " + batchSize);
    }
  }
}
