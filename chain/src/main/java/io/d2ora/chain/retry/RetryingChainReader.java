package io.d2ora.chain.retry;

import io.d2ora.chain.ChainBlock;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEventListener;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.RegistryLimits;
import io.d2ora.chain.RegistrySnapshot;
import io.d2ora.chain.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@link ChainReader} whose reads ride out outages under a {@link RetryPolicy} (snapshots too).
 * Reverts, configuration errors and data the registry cannot hold pass through at once. {@link
 * RetryingChainClient} adds transactions under the same policy.
 */
public class RetryingChainReader extends RetryingViews implements ChainReader {
  public static final int DEFAULT_MAX_ATTEMPTS = RetryPolicy.DEFAULT_MAX_ATTEMPTS;
  public static final Duration DEFAULT_INITIAL_DELAY = RetryPolicy.DEFAULT_INITIAL_DELAY;
  public static final Duration DEFAULT_MAX_DELAY = RetryPolicy.DEFAULT_MAX_DELAY;

  private final ChainReader delegate;

  public RetryingChainReader(
      ChainReader delegate, int maxAttempts, Duration initialDelay, Duration maxDelay) {
    super(delegate, new RetryPolicy(maxAttempts, initialDelay, maxDelay));
    this.delegate = delegate;
  }

  /** Reads under {@code policy} (which may report its attempts to a {@link ChainCallListener}). */
  public RetryingChainReader(ChainReader delegate, RetryPolicy policy) {
    super(delegate, policy);
    this.delegate = delegate;
  }

  public RetryingChainReader(ChainReader delegate) {
    this(delegate, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY);
  }

  @Override
  public long chainId() {
    return delegate.chainId();
  }

  @Override
  public EthAddress registryAddress() {
    return delegate.registryAddress();
  }

  @Override
  public EthAddress stakeTokenAddress() {
    return delegate.stakeTokenAddress();
  }

  @Override
  public int confirmations() {
    return delegate.confirmations();
  }

  @Override
  public long blockNumber() {
    return retry("blockNumber", delegate::blockNumber);
  }

  @Override
  public Instant latestBlockTime() {
    return retry("latestBlockTime", delegate::latestBlockTime);
  }

  @Override
  public ChainBlock latestBlock() {
    return retry("latestBlock", delegate::latestBlock);
  }

  @Override
  public RegistryLimits limits() {
    return retry("limits", delegate::limits);
  }

  @Override
  public RegistrySnapshot snapshot() {
    return new RetryingSnapshot(retry("snapshot", delegate::snapshot), policy());
  }

  @Override
  public RegistrySnapshot at(long blockNumber) {
    return new RetryingSnapshot(retry("snapshot", () -> delegate.at(blockNumber)), policy());
  }

  @Override
  public List<Reservation> reservations(EthAddress account) {
    return retry("reservations", () -> delegate.reservations(account));
  }

  @Override
  public List<ChainEvent> roundEvents(long roundId) {
    return retry("roundEvents", () -> delegate.roundEvents(roundId));
  }

  @Override
  public List<ChainEvent> events(long fromBlock, long toBlock) {
    return retry("events", () -> delegate.events(fromBlock, toBlock));
  }

  /**
   * The subscription itself already polls again after a failure; it reports each failure to the
   * listener.
   */
  @Override
  public EventSubscription subscribe(long fromBlock, ChainEventListener listener) {
    return delegate.subscribe(fromBlock, listener);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static final class RetryingSnapshot extends RetryingViews implements RegistrySnapshot {
    private final RegistrySnapshot snapshot;

    RetryingSnapshot(RegistrySnapshot snapshot, RetryPolicy policy) {
      super(snapshot, policy);
      this.snapshot = snapshot;
    }

    @Override
    public ChainBlock block() {
      return snapshot.block();
    }
  }
}
