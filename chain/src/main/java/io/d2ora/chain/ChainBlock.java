package io.d2ora.chain;

import java.time.Instant;

/** A block's number and timestamp, read together. */
public record ChainBlock(long number, Instant time) {}
