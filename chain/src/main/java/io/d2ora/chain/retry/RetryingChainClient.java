package io.d2ora.chain.retry;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedAttestation;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.TxReceipt;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/**
 * {@link RetryingChainReader}'s policy over a {@link ChainClient}'s transactions too. Only an
 * outage before anything was sent is retryable; once a transaction may have reached the node the
 * client itself watches its receipt and an outage that outlasts that passes through at once.
 */
public final class RetryingChainClient extends RetryingChainReader implements ChainClient {
  private final ChainClient delegate;

  public RetryingChainClient(
      ChainClient delegate, int maxAttempts, Duration initialDelay, Duration maxDelay) {
    super(delegate, maxAttempts, initialDelay, maxDelay);
    this.delegate = delegate;
  }

  /** Reads and sends under {@code policy}. */
  public RetryingChainClient(ChainClient delegate, RetryPolicy policy) {
    super(delegate, policy);
    this.delegate = delegate;
  }

  public RetryingChainClient(ChainClient delegate) {
    this(delegate, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY);
  }

  @Override
  public EthAddress account() {
    return delegate.account();
  }

  @Override
  public TxReceipt registerPeer(byte[] peerId, List<String> multiaddrs, byte[] proof) {
    return retry("registerPeer", () -> delegate.registerPeer(peerId, multiaddrs, proof));
  }

  @Override
  public TxReceipt stake(BigInteger amount) {
    return retry("stake", () -> delegate.stake(amount));
  }

  @Override
  public TxReceipt unstake(BigInteger amount) {
    return retry("unstake", () -> delegate.unstake(amount));
  }

  @Override
  public TxReceipt withdraw() {
    return retry("withdraw", delegate::withdraw);
  }

  @Override
  public long createRound(RoundParams params) {
    return retry("createRound", () -> delegate.createRound(params));
  }

  @Override
  public TxReceipt join(long roundId) {
    return retry("join", () -> delegate.join(roundId));
  }

  @Override
  public TxReceipt commit(SignedUpdate update) {
    return retry("commit", () -> delegate.commit(update));
  }

  @Override
  public int propose(long roundId, Hash32 aggregateHash, List<EthAddress> included) {
    return retry("propose", () -> delegate.propose(roundId, aggregateHash, included));
  }

  @Override
  public TxReceipt attest(SignedAttestation attestation) {
    return retry("attest", () -> delegate.attest(attestation));
  }

  @Override
  public TxReceipt settle(long roundId) {
    return retry("settle", () -> delegate.settle(roundId));
  }

  @Override
  public TxReceipt forfeit(long roundId, EthAddress participant) {
    return retry("forfeit", () -> delegate.forfeit(roundId, participant));
  }

  @Override
  public TxReceipt slashUpdateEquivocation(SignedUpdate first, SignedUpdate second) {
    return retry("slashUpdateEquivocation", () -> delegate.slashUpdateEquivocation(first, second));
  }

  @Override
  public TxReceipt slashAttestationEquivocation(SignedAttestation first, SignedAttestation second) {
    return retry(
        "slashAttestationEquivocation", () -> delegate.slashAttestationEquivocation(first, second));
  }
}
