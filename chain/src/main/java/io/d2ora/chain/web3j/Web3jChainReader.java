package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEventListener;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.DisputeRecord;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * {@link ChainReader} over web3j: views through the generated wrapper, events through {@code
 * eth_getLogs}. {@link #connect} checks the chain id and that code exists at the registry address
 * before anything else. {@link Web3jChainClient} adds an account and its transactions.
 */
public class Web3jChainReader implements ChainReader {
  final ChainConfig config;
  final Web3j web3j;
  final D2oraRegistry registry;
  final D2oraStakeToken token;
  private final long chainId;
  private final EthAddress tokenAddress;
  private final RegistryViews views;

  /** {@code caller} is the {@code from} of view calls (no view depends on it). */
  Web3jChainReader(ChainConfig config, Web3j web3j, long chainId, EthAddress caller) {
    this.config = config;
    this.web3j = web3j;
    this.chainId = chainId;
    var readOnly = new ReadonlyTransactionManager(web3j, caller.hex());
    var gas = new DefaultGasProvider();
    this.registry = D2oraRegistry.load(config.registryAddress().hex(), web3j, readOnly, gas);
    this.tokenAddress = EthAddress.of(Views.call("stakeToken", () -> registry.stakeToken().send()));
    this.token = D2oraStakeToken.load(tokenAddress.hex(), web3j, readOnly, gas);
    this.views = new RegistryViews(registry, token);
  }

  /**
   * Connects without an account. Fails with {@link ChainConfigException} when the chain id differs
   * from {@link ChainConfig#expectedChainId()} or no contract is deployed at the registry address,
   * and with {@link io.d2ora.chain.ChainUnavailableException} when the node does not answer.
   */
  public static Web3jChainReader connect(ChainConfig config) {
    return open(
        config, (web3j, chainId) -> new Web3jChainReader(config, web3j, chainId, EthAddress.ZERO));
  }

  /** Opens the node, reads its chain id, checks it and the registry's code, then builds. */
  static <T> T open(ChainConfig config, BiFunction<Web3j, Long, T> build) {
    Web3j web3j = Web3j.build(new HttpService(config.rpcUrl().toString()));
    try {
      long chainId =
          TransactionSender.call("connect", () -> web3j.ethChainId().send())
              .getChainId()
              .longValueExact();
      if (config.expectedChainId() != 0 && chainId != config.expectedChainId()) {
        throw new ChainConfigException(
            "%s serves chain id %d, expected %d"
                .formatted(config.rpcUrl(), chainId, config.expectedChainId()));
      }
      String code =
          TransactionSender.call(
                  "connect",
                  () ->
                      web3j
                          .ethGetCode(
                              config.registryAddress().hex(), DefaultBlockParameterName.LATEST)
                          .send())
              .getCode();
      if (code == null || code.equals("0x") || code.isEmpty()) {
        throw new ChainConfigException(
            "no contract at registry address %s on chain %d (%s): wrong address or a restarted devnet?"
                .formatted(config.registryAddress(), chainId, config.rpcUrl()));
      }
      return build.apply(web3j, chainId);
    } catch (RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  @Override
  public long chainId() {
    return chainId;
  }

  @Override
  public EthAddress registryAddress() {
    return config.registryAddress();
  }

  @Override
  public EthAddress stakeTokenAddress() {
    return tokenAddress;
  }

  @Override
  public long blockNumber() {
    return TransactionSender.call("blockNumber", () -> web3j.ethBlockNumber().send())
        .getBlockNumber()
        .longValueExact();
  }

  @Override
  public Instant latestBlockTime() {
    var block =
        TransactionSender.call(
            "latestBlockTime",
            () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send());
    return Instant.ofEpochSecond(block.getBlock().getTimestamp().longValueExact());
  }

  @Override
  public BigInteger tokenBalance(EthAddress of) {
    return views.tokenBalance(of);
  }

  @Override
  public StakeInfo stakeOf(EthAddress of) {
    return views.stakeOf(of);
  }

  @Override
  public long roundCount() {
    return views.roundCount();
  }

  @Override
  public Optional<RegistryRound> round(long roundId) {
    return views.round(roundId);
  }

  @Override
  public RegistryRound.Phase phase(long roundId) {
    return views.phase(roundId);
  }

  @Override
  public List<EthAddress> participants(long roundId) {
    return views.participants(roundId);
  }

  @Override
  public Optional<RegistryParticipant> participant(long roundId, EthAddress of) {
    return views.participant(roundId, of);
  }

  @Override
  public List<RegistryParticipant> participantRecords(long roundId) {
    return views.participantRecords(roundId);
  }

  @Override
  public List<RegistryCommitment> commitments(long roundId) {
    return views.commitments(roundId);
  }

  @Override
  public List<DisputeRecord> disputes(long roundId) {
    return views.disputes(roundId);
  }

  @Override
  public Optional<PeerRegistration> peer(EthAddress of) {
    return views.peer(of);
  }

  @Override
  public List<ChainEvent> events(long fromBlock, long toBlock) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)),
            registryAddress().hex());
    EthLog logs = TransactionSender.call("events", () -> web3j.ethGetLogs(filter).send());
    if (logs.hasError()) {
      throw TransactionSender.revert("events " + fromBlock + ".." + toBlock, logs.getError());
    }
    List<ChainEvent> events = new ArrayList<>();
    for (EthLog.LogResult<?> result : logs.getLogs()) {
      EventDecoder.decode((Log) result.get()).ifPresent(events::add);
    }
    return events;
  }

  @Override
  public EventSubscription subscribe(long fromBlock, ChainEventListener listener) {
    return EventPoller.start(this, fromBlock, config.eventPollInterval(), listener);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
