package io.d2ora.core.round;

/**
 * Receives {@link RoundEvent}s from {@link RoundLedger#subscribe}. Called on the ledger's own
 * thread (one at a time, in block order); must return quickly and must not call back into the
 * ledger on that thread.
 */
@FunctionalInterface
public interface RoundEventListener {
  void onEvent(RoundEvent event);
}
