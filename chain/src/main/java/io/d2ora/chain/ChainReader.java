package io.d2ora.chain;

import java.time.Instant;
import java.util.List;

/**
 * The D2ORA registry read without an account: what verifying a round or showing its status needs,
 * with no key. The {@link RegistryViews} methods read the latest block; {@link #snapshot()} and
 * {@link #at} pin a group of reads to one block. {@link ChainClient} adds the account and its
 * transactions.
 *
 * <p>Every read blocks until the node answered; see {@link RegistryViews} for failures.
 * Implementations are thread-safe.
 */
public interface ChainReader extends RegistryViews, AutoCloseable {

  /** The chain id the node reported ({@code eth_chainId}) when connecting. */
  long chainId();

  EthAddress registryAddress();

  EthAddress stakeTokenAddress();

  /** Confirmations a block needs before a snapshot reads it or a receipt is returned. */
  int confirmations();

  long blockNumber();

  /** Timestamp of the latest block: the clock deadlines are measured against. */
  Instant latestBlockTime();

  /** The latest block's number and timestamp, read in one request. */
  ChainBlock latestBlock();

  /** The registry's constants (bounds, quorum defaults, penalty shares), read once. */
  RegistryLimits limits();

  /** Views pinned to the latest block with {@link #confirmations()} confirmations. */
  RegistrySnapshot snapshot();

  /** Views pinned to {@code blockNumber} (which must exist). */
  RegistrySnapshot at(long blockNumber);

  /** Stake {@code account} holds reserved in rounds that have not released it, by round. */
  List<Reservation> reservations(EthAddress account);

  /**
   * The events of one round (those whose first indexed field is the round id: created, joined,
   * committed, proposed, attested, finalized, rewards, releases, forfeits, settlement, slashes),
   * from its creation block to the latest, in chain order; empty for an unknown round.
   */
  List<ChainEvent> roundEvents(long roundId);

  /** Registry events in blocks {@code fromBlock..toBlock} inclusive, in chain order. */
  List<ChainEvent> events(long fromBlock, long toBlock);

  /**
   * Delivers every registry event from {@code fromBlock} on, then new ones as blocks reach {@link
   * #confirmations()} confirmations.
   */
  EventSubscription subscribe(long fromBlock, ChainEventListener listener);

  @Override
  void close();
}
