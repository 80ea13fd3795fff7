package io.d2ora.core.round;

/** A registered listener; {@link #close()} stops delivery. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
