package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainBlock;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainDataException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEventListener;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.RegistryLimits;
import io.d2ora.chain.RegistrySnapshot;
import io.d2ora.chain.Reservation;
import io.d2ora.chain.contracts.D2oraRegistry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * {@link ChainReader} over web3j: views through the generated wrapper ({@link WrapperViews}, at the
 * latest block, or pinned for a {@link RegistrySnapshot}), events through {@code eth_getLogs}.
 * {@link #connect} checks the chain id and that code exists at the registry address before anything
 * else. {@link Web3jChainClient} adds an account and its transactions.
 */
public class Web3jChainReader extends WrapperViews implements ChainReader {
  final ChainConfig config;
  final Web3j web3j;
  private final long chainId;
  private final EthAddress tokenAddress;
  private final EthAddress caller;
  private volatile RegistryLimits limits;

  /** {@code caller} is the {@code from} of view calls (no view depends on it). */
  Web3jChainReader(
      ChainConfig config, Web3j web3j, long chainId, EthAddress caller, EthAddress token) {
    super(web3j, config.registryAddress(), token, caller, DefaultBlockParameterName.LATEST);
    this.config = config;
    this.web3j = web3j;
    this.chainId = chainId;
    this.caller = caller;
    this.tokenAddress = token;
  }

  /**
   * Connects without an account. Fails with {@link ChainConfigException} when the chain id differs
   * from {@link ChainConfig#expectedChainId()} or no contract is deployed at the registry address,
   * and with {@link io.d2ora.chain.ChainUnavailableException} when the node does not answer.
   */
  public static Web3jChainReader connect(ChainConfig config) {
    return open(
        config,
        (web3j, chainId) ->
            new Web3jChainReader(
                config, web3j, chainId, EthAddress.ZERO, stakeToken(config, web3j)));
  }

  /** Opens the node, reads its chain id, checks it and the registry's code, then builds. */
  static <T> T open(ChainConfig config, BiFunction<Web3j, Long, T> build) {
    Web3j web3j = Web3j.build(new HttpService(config.rpcUrl().toString()));
    try {
      long chainId =
          ChainValues.toLong(
              "chain id",
              TransactionSender.call("connect", () -> web3j.ethChainId().send()).getChainId());
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

  static EthAddress stakeToken(ChainConfig config, Web3j web3j) {
    var views =
        new WrapperViews(
            web3j,
            config.registryAddress(),
            EthAddress.ZERO,
            EthAddress.ZERO,
            DefaultBlockParameterName.LATEST);
    return EthAddress.of(view("stakeToken", () -> views.registry().stakeToken().send()));
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
  public int confirmations() {
    return config.confirmations();
  }

  @Override
  public long blockNumber() {
    return ChainValues.toLong(
        "block number",
        TransactionSender.call("blockNumber", () -> web3j.ethBlockNumber().send())
            .getBlockNumber());
  }

  @Override
  public Instant latestBlockTime() {
    return latestBlock().time();
  }

  @Override
  public ChainBlock latestBlock() {
    return block("latest block", DefaultBlockParameterName.LATEST);
  }

  private ChainBlock block(String what, DefaultBlockParameter which) {
    EthBlock.Block block =
        TransactionSender.call(what, () -> web3j.ethGetBlockByNumber(which, false).send())
            .getBlock();
    if (block == null) {
      throw new ChainDataException("the chain has no " + what);
    }
    return new ChainBlock(
        ChainValues.toLong(what + " number", block.getNumber()),
        ChainValues.toTime(what + " time", block.getTimestamp()));
  }

  @Override
  public RegistryLimits limits() {
    RegistryLimits known = limits;
    if (known == null) {
      known = RegistryRecords.limits(constants(registry()));
      limits = known;
    }
    return known;
  }

  private static List<BigInteger> constants(D2oraRegistry r) {
    return List.of(
        view("DEFAULT_QUORUM_BPS", () -> r.DEFAULT_QUORUM_BPS().send()),
        view("MIN_QUORUM_BPS", () -> r.MIN_QUORUM_BPS().send()),
        view("MAX_QUORUM_BPS", () -> r.MAX_QUORUM_BPS().send()),
        view("MAX_SAMPLE_CAP", () -> r.MAX_SAMPLE_CAP().send()),
        view("MAX_PARTICIPANTS_LIMIT", () -> r.MAX_PARTICIPANTS_LIMIT().send()),
        view("MIN_COMMIT_WINDOW", () -> r.MIN_COMMIT_WINDOW().send()),
        view("MIN_FINALIZE_WINDOW", () -> r.MIN_FINALIZE_WINDOW().send()),
        view("MAX_FINALIZE_WINDOW", () -> r.MAX_FINALIZE_WINDOW().send()),
        view("MAX_ROUND_DURATION", () -> r.MAX_ROUND_DURATION().send()),
        view("EVIDENCE_WINDOW", () -> r.EVIDENCE_WINDOW().send()),
        view("unbondingDelay", () -> r.unbondingDelay().send()),
        view("FORFEIT_BPS", () -> r.FORFEIT_BPS().send()),
        view("EQUIVOCATION_BPS", () -> r.EQUIVOCATION_BPS().send()),
        view("REPORTER_BPS", () -> r.REPORTER_BPS().send()));
  }

  @Override
  public RegistrySnapshot snapshot() {
    long head = blockNumber();
    return at(Math.max(0, head - config.confirmations()));
  }

  @Override
  public RegistrySnapshot at(long blockNumber) {
    if (blockNumber < 0) {
      throw new IllegalArgumentException("expected a block number >= 0, got " + blockNumber);
    }
    ChainBlock block =
        block(
            "block " + blockNumber, DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)));
    return new PinnedSnapshot(web3j, registryAddress(), tokenAddress, caller, block);
  }

  @Override
  public List<Reservation> reservations(EthAddress account) {
    RegistrySnapshot snapshot = snapshot();
    long to = snapshot.block().number();
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            registryAddress().hex());
    filter.addSingleTopic(EventEncoder.encode(D2oraRegistry.JOINED_EVENT));
    filter.addNullTopic();
    filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(account.hex())));
    List<Reservation> held = new ArrayList<>();
    for (ChainEvent e : logs("reservations of " + account, filter)) {
      if (e instanceof ChainEvent.Joined joined) {
        snapshot
            .participant(joined.roundId(), account)
            .filter(p -> !p.released() && p.reservedStake().signum() > 0)
            .ifPresent(
                p -> held.add(new Reservation(p.roundId(), p.reservedStake(), p.joinBlock())));
      }
    }
    return held;
  }

  @Override
  public List<ChainEvent> roundEvents(long roundId) {
    var round = round(roundId);
    if (round.isEmpty()) {
      return List.of();
    }
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(round.get().createdBlock())),
            DefaultBlockParameterName.LATEST,
            registryAddress().hex());
    filter.addNullTopic();
    filter.addSingleTopic(
        "0x" + TypeEncoder.encode(new org.web3j.abi.datatypes.generated.Uint256(roundId)));
    // Account events put an address where round events put the id: an address equal to the id
    // would match, so keep round events only.
    return logs("events of round " + roundId, filter).stream()
        .filter(
            e ->
                !(e instanceof ChainEvent.PeerRegistered
                    || e instanceof ChainEvent.Staked
                    || e instanceof ChainEvent.UnstakeRequested
                    || e instanceof ChainEvent.Withdrawn))
        .toList();
  }

  @Override
  public List<ChainEvent> events(long fromBlock, long toBlock) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)),
            registryAddress().hex());
    return logs("events " + fromBlock + ".." + toBlock, filter);
  }

  private List<ChainEvent> logs(String what, EthFilter filter) {
    EthLog logs = TransactionSender.call(what, () -> web3j.ethGetLogs(filter).send());
    if (logs.hasError()) {
      throw TransactionSender.revert(what, logs.getError());
    }
    List<ChainEvent> events = new ArrayList<>();
    for (EthLog.LogResult<?> result : logs.getLogs()) {
      if (result.get() instanceof Log log) {
        EventDecoder.decode(log).ifPresent(events::add);
      }
    }
    return events;
  }

  @Override
  public EventSubscription subscribe(long fromBlock, ChainEventListener listener) {
    return EventPoller.start(
        this, fromBlock, config.eventPollInterval(), config.confirmations(), listener);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
