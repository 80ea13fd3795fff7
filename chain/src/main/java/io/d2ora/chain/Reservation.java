package io.d2ora.chain;

import java.math.BigInteger;

/** Stake an account reserved for one round and that the round has not released yet. */
public record Reservation(long roundId, BigInteger amount, long joinBlock) {}
