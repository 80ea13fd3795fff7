package io.d2ora.chain;

/**
 * Receives registry events in chain order (block, then log index), on the subscription's polling
 * thread. A listener must not block for long; {@link #onError} reports a failed poll (polling
 * continues).
 */
public interface ChainEventListener {
  void onEvent(ChainEvent event);

  default void onError(ChainException error) {}
}
