package io.d2ora.chain;

/**
 * A running event subscription; {@link #close()} stops it (idempotent) and waits for its thread.
 */
public interface EventSubscription extends AutoCloseable {
  /** The next block the subscription will read. */
  long nextBlock();

  @Override
  void close();
}
