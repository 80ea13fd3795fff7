package io.d2ora.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The D2ORA registry read without an account: what verifying a round or showing its status needs,
 * with no key. {@link ChainClient} adds the account and its transactions.
 *
 * <p>Every read blocks until the node answered; it throws {@link ChainUnavailableException} when
 * the node cannot be reached and {@link ChainConfigException} for a wrong setup. Implementations
 * are thread-safe.
 */
public interface ChainReader extends AutoCloseable {

  /** The chain id the node reported ({@code eth_chainId}) when connecting. */
  long chainId();

  EthAddress registryAddress();

  EthAddress stakeTokenAddress();

  long blockNumber();

  /** Timestamp of the latest block: the clock deadlines are measured against. */
  Instant latestBlockTime();

  BigInteger tokenBalance(EthAddress account);

  StakeInfo stakeOf(EthAddress account);

  long roundCount();

  Optional<RegistryRound> round(long roundId);

  RegistryRound.Phase phase(long roundId);

  List<EthAddress> participants(long roundId);

  Optional<RegistryParticipant> participant(long roundId, EthAddress account);

  /** Every participant's record, in join order. */
  List<RegistryParticipant> participantRecords(long roundId);

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
