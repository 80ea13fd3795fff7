package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * An account's stake: {@code staked} (rewards are credited here), {@code unbonding} (withdrawable
 * from {@code unbondingReleaseAt}) and the number of unsettled rounds that lock it.
 */
public record StakeInfo(
    BigInteger staked, BigInteger unbonding, Instant unbondingReleaseAt, int activeRounds) {}
