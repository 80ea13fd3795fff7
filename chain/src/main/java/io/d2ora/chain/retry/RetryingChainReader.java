package io.d2ora.chain.retry;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEventListener;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.DisputeRecord;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.StakeInfo;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries calls that failed with a {@link ChainUnavailableException#retryable() retryable} outage,
 * with exponential backoff ({@code initialDelay}, doubling, capped at {@code maxDelay}) for at most
 * {@code maxAttempts} attempts; then throws a {@link ChainUnavailableException} saying how long it
 * tried. Reverts and configuration errors pass through at once. {@link RetryingChainClient} adds
 * transactions under the same policy.
 */
public class RetryingChainReader implements ChainReader {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingChainReader.class);
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);

  private final ChainReader delegate;
  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;

  public RetryingChainReader(
      ChainReader delegate, int maxAttempts, Duration initialDelay, Duration maxDelay) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("expected maxAttempts >= 1, got " + maxAttempts);
    }
    this.delegate = delegate;
    this.maxAttempts = maxAttempts;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
  }

  public RetryingChainReader(ChainReader delegate) {
    this(delegate, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY);
  }

  /**
   * Runs {@code call} under the retry policy; {@code what} names it in logs and the final error.
   */
  public <T> T retry(String what, Supplier<T> call) {
    Duration delay = initialDelay;
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (ChainUnavailableException e) {
        if (!e.retryable()) {
          throw e;
        }
        if (attempt >= maxAttempts) {
          Duration spent = Duration.ofNanos(System.nanoTime() - started);
          throw new ChainUnavailableException(
              "%s: chain unavailable after %d attempts over %d ms: %s"
                  .formatted(what, attempt, spent.toMillis(), e.getMessage()),
              true,
              e);
        }
        LOG.warn(
            "{}: chain unavailable (attempt {}/{}), retrying in {} ms: {}",
            what,
            attempt,
            maxAttempts,
            delay.toMillis(),
            e.getMessage());
        sleep(delay);
        delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainUnavailableException("interrupted while waiting to retry", false, e);
    }
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
  public long blockNumber() {
    return retry("blockNumber", delegate::blockNumber);
  }

  @Override
  public Instant latestBlockTime() {
    return retry("latestBlockTime", delegate::latestBlockTime);
  }

  @Override
  public BigInteger tokenBalance(EthAddress account) {
    return retry("tokenBalance", () -> delegate.tokenBalance(account));
  }

  @Override
  public StakeInfo stakeOf(EthAddress account) {
    return retry("stakeOf", () -> delegate.stakeOf(account));
  }

  @Override
  public long roundCount() {
    return retry("roundCount", delegate::roundCount);
  }

  @Override
  public Optional<RegistryRound> round(long roundId) {
    return retry("round", () -> delegate.round(roundId));
  }

  @Override
  public RegistryRound.Phase phase(long roundId) {
    return retry("phase", () -> delegate.phase(roundId));
  }

  @Override
  public List<EthAddress> participants(long roundId) {
    return retry("participants", () -> delegate.participants(roundId));
  }

  @Override
  public Optional<RegistryParticipant> participant(long roundId, EthAddress account) {
    return retry("participant", () -> delegate.participant(roundId, account));
  }

  @Override
  public List<RegistryParticipant> participantRecords(long roundId) {
    return retry("participantRecords", () -> delegate.participantRecords(roundId));
  }

  @Override
  public List<RegistryCommitment> commitments(long roundId) {
    return retry("commitments", () -> delegate.commitments(roundId));
  }

  @Override
  public List<DisputeRecord> disputes(long roundId) {
    return retry("disputes", () -> delegate.disputes(roundId));
  }

  @Override
  public Optional<PeerRegistration> peer(EthAddress account) {
    return retry("peer", () -> delegate.peer(account));
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
}
