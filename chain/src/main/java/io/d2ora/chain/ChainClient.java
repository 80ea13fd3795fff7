package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The D2ORA registry as seen by one account: transactions are sent from {@link #account()}, reads
 * are free.
 *
 * <p>Every transaction method blocks until its receipt is mined and returns it; it throws {@link
 * ChainRevertException} (with the contract's custom error decoded) when the contract refuses,
 * {@link ChainUnavailableException} when the node cannot be reached, {@link ChainConfigException}
 * for a wrong setup. Implementations are thread-safe: concurrent transactions get consecutive
 * nonces.
 */
public interface ChainClient extends AutoCloseable {

  long chainId();

  EthAddress registryAddress();

  EthAddress stakeTokenAddress();

  /** The account transactions are sent from. */
  EthAddress account();

  long blockNumber();

  /** Timestamp of the latest block: the clock deadlines are measured against. */
  Instant latestBlockTime();

  // ------------------------------------------------------------------ transactions

  TxReceipt registerPeer(byte[] peerId, List<String> multiaddrs);

  /** Approves the registry for {@code amount} when needed, then stakes it. */
  TxReceipt stake(BigInteger amount);

  /** Starts unbonding {@code amount}; withdrawable after the registry's unbonding delay. */
  TxReceipt unstake(BigInteger amount);

  /** Withdraws the whole unbonded balance. */
  TxReceipt withdraw();

  /** Approves the reward pool when needed, creates the round and returns its id. */
  long createRound(RoundParams params);

  TxReceipt join(long roundId);

  /** Submits a signed update; the sender may be the signer or any relayer. */
  TxReceipt commit(SignedUpdate update);

  /**
   * Finalizes as the round's aggregator; {@code included} is sorted into the contract's order here.
   */
  TxReceipt finalizeRound(long roundId, Hash32 aggregateHash, List<EthAddress> included);

  TxReceipt settle(long roundId);

  TxReceipt forfeit(long roundId, EthAddress participant);

  TxReceipt dispute(long roundId, Hash32 claimedHash);

  /** Reports two different signed updates by one signer for one round. */
  TxReceipt slashEquivocation(SignedUpdate first, SignedUpdate second);

  // ------------------------------------------------------------------ reads

  BigInteger tokenBalance(EthAddress account);

  StakeInfo stakeOf(EthAddress account);

  long roundCount();

  Optional<RegistryRound> round(long roundId);

  RegistryRound.Phase phase(long roundId);

  List<EthAddress> participants(long roundId);

  Optional<RegistryParticipant> participant(long roundId, EthAddress account);

  /** Every commitment of a round, in participant (join) order. */
  List<RegistryCommitment> commitments(long roundId);

  List<DisputeRecord> disputes(long roundId);

  Optional<PeerRegistration> peer(EthAddress account);

  /** Registry events in blocks {@code fromBlock..toBlock} inclusive, in chain order. */
  List<ChainEvent> events(long fromBlock, long toBlock);

  /** Delivers every registry event from {@code fromBlock} on, then new ones as blocks arrive. */
  EventSubscription subscribe(long fromBlock, ChainEventListener listener);

  @Override
  void close();
}
