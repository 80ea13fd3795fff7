package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * An account's stake: {@code staked} includes {@code reserved} (held by rounds it joined and not
 * yet released); {@link #free()} is what {@code unstake} can move. {@code unbonding} is
 * withdrawable from {@code unbondingReleaseAt}.
 */
public record StakeInfo(
    BigInteger staked, BigInteger reserved, BigInteger unbonding, Instant unbondingReleaseAt) {

  public BigInteger free() {
    return staked.subtract(reserved).max(BigInteger.ZERO);
  }
}
