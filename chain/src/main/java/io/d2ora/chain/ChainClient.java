package io.d2ora.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * The D2ORA registry as seen by one account: transactions are sent from {@link #account()}; reads
 * are {@link ChainReader}'s.
 *
 * <p>Every transaction method estimates gas first (a revert surfaces there, decoded, and nothing is
 * sent), sends one EIP-1559 transaction, and blocks until its receipt has {@link #confirmations()}
 * confirmations. Once the node accepted the transaction (or its answer was lost), only the receipt
 * is polled: the same signed bytes may be re-broadcast and, when it stays pending past the
 * configured time, or sooner as chain time nears the deadline the round sets for it (join, commit
 * or finalize deadline), a replacement with the same nonce and higher fees may be sent, but never a
 * second transaction. Failures: {@link ChainRevertException} (the contract refused, custom error
 * decoded), {@link ChainUnavailableException} ({@link ChainUnavailableException#retryable()} only
 * when nothing was sent), {@link ChainConfigException} for a wrong setup. Thread-safe: concurrent
 * transactions get consecutive nonces.
 */
public interface ChainClient extends ChainReader {

  /** The account transactions are sent from. */
  EthAddress account();

  /**
   * Names this account's libp2p peer; {@code proof} is the peer key's signature over {@link
   * PeerProof#message} for this account. Replaces an earlier registration of the account.
   */
  TxReceipt registerPeer(byte[] peerId, List<String> multiaddrs, byte[] proof);

  /** Approves the registry for {@code amount} when needed, then stakes it. */
  TxReceipt stake(BigInteger amount);

  /** Starts unbonding {@code amount} of free stake; withdrawable after the unbonding delay. */
  TxReceipt unstake(BigInteger amount);

  /** Withdraws the whole unbonded balance. */
  TxReceipt withdraw();

  /** Approves the reward pool when needed, creates the round and returns its id. */
  long createRound(RoundParams params);

  /** Joins, reserving the round's minimum stake out of free stake. */
  TxReceipt join(long roundId);

  /** Submits a signed update; the sender may be the signer or any relayer. */
  TxReceipt commit(SignedUpdate update);

  /**
   * Proposes a result (aggregator or committed participant, once each) and returns its 1-based
   * index; {@code included} is sorted into the contract's ascending order here.
   */
  int propose(long roundId, Hash32 aggregateHash, List<EthAddress> included);

  /** Submits a signed attestation; the sender may be the attester or any relayer. */
  TxReceipt attest(SignedAttestation attestation);

  /**
   * Settles a finalized round (pays rewards) or closes an expired one (refunds); anyone. A round of
   * more participants than one transaction works through takes several: sends them all and returns
   * the last receipt.
   */
  TxReceipt settle(long roundId);

  /** Penalises a participant who joined and never committed; anyone, after the commit deadline. */
  TxReceipt forfeit(long roundId, EthAddress participant);

  /** Reports two different signed updates by one signer for one round. */
  TxReceipt slashUpdateEquivocation(SignedUpdate first, SignedUpdate second);

  /** Reports two different signed attestations by one attester for one round. */
  TxReceipt slashAttestationEquivocation(SignedAttestation first, SignedAttestation second);
}
