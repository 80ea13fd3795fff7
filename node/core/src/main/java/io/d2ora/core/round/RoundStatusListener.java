package io.d2ora.core.round;

/**
 * Receives a {@link RoundRunner}'s status whenever its stage or detail changes. Called on the
 * runner's thread; must return quickly.
 */
@FunctionalInterface
public interface RoundStatusListener {
  void onStatus(RoundStatus status);
}
