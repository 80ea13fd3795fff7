package io.d2ora.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * The D2ORA registry as seen by one account: transactions are sent from {@link #account()}; reads
 * are {@link ChainReader}'s.
 *
 * <p>Every transaction method blocks until its receipt is mined and returns it; it throws {@link
 * ChainRevertException} (with the contract's custom error decoded) when the contract refuses,
 * {@link ChainUnavailableException} when the node cannot be reached, {@link ChainConfigException}
 * for a wrong setup. Implementations are thread-safe: concurrent transactions get consecutive
 * nonces.
 */
public interface ChainClient extends ChainReader {

  /** The account transactions are sent from. */
  EthAddress account();

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
}
