package io.d2ora.core.round;

/**
 * A round's number in the registry contract (a {@code uint256} there; rounds are numbered from 1
 * and never approach {@link Long#MAX_VALUE}).
 *
 * @param value the round number, at least 0
 */
public record RoundId(long value) implements Comparable<RoundId> {
  public RoundId {
    if (value < 0) {
      throw new IllegalArgumentException("a round id is >= 0, got " + value);
    }
  }

  public static RoundId of(long value) {
    return new RoundId(value);
  }

  @Override
  public int compareTo(RoundId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
