package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEventListener;
import io.d2ora.chain.DisputeRecord;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.EventSubscription;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import io.d2ora.chain.signing.ChainKey;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
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
 * {@link ChainClient} over web3j. {@link #connect} checks the chain id and that code exists at the
 * registry address before anything else; views go through the generated wrapper, transactions
 * through {@link TransactionSender} (local nonce, decoded reverts, receipts polled every {@link
 * ChainConfig#receiptPollInterval()}).
 */
public final class Web3jChainClient implements ChainClient {
  private final ChainConfig config;
  private final Web3j web3j;
  private final long chainId;
  private final EthAddress account;
  private final D2oraRegistry registry;
  private final D2oraStakeToken token;
  private final EthAddress tokenAddress;
  private final TransactionSender sender;
  private final RegistryViews views;

  private Web3jChainClient(ChainConfig config, Web3j web3j, long chainId, ChainKey key) {
    this.config = config;
    this.web3j = web3j;
    this.chainId = chainId;
    Credentials credentials = Credentials.create(ECKeyPair.create(key.privateKey()));
    this.account = key.address();
    var readOnly = new ReadonlyTransactionManager(web3j, account.hex());
    var gas = new DefaultGasProvider();
    this.registry = D2oraRegistry.load(config.registryAddress().hex(), web3j, readOnly, gas);
    this.tokenAddress = EthAddress.of(view("stakeToken", () -> registry.stakeToken().send()));
    this.token = D2oraStakeToken.load(tokenAddress.hex(), web3j, readOnly, gas);
    this.sender = new TransactionSender(web3j, credentials, chainId, config);
    this.views = new RegistryViews(registry, token);
  }

  /**
   * Connects as {@code key}'s account. Fails with {@link ChainConfigException} when the chain id
   * differs from {@link ChainConfig#expectedChainId()} or no contract is deployed at the registry
   * address, and with {@link io.d2ora.chain.ChainUnavailableException} when the node does not
   * answer.
   */
  public static Web3jChainClient connect(ChainConfig config, ChainKey key) {
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
      return new Web3jChainClient(config, web3j, chainId, key);
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
  public EthAddress account() {
    return account;
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

  // ------------------------------------------------------------------ transactions

  @Override
  public TxReceipt registerPeer(byte[] peerId, List<String> multiaddrs) {
    return toRegistry(
        "registerPeer", registry.registerPeer(peerId, multiaddrs).encodeFunctionCall());
  }

  @Override
  public TxReceipt stake(BigInteger amount) {
    approveIfNeeded(amount);
    return toRegistry("stake", registry.stake(amount).encodeFunctionCall());
  }

  @Override
  public TxReceipt unstake(BigInteger amount) {
    return toRegistry("unstake", registry.unstake(amount).encodeFunctionCall());
  }

  @Override
  public TxReceipt withdraw() {
    return toRegistry("withdraw", registry.withdraw().encodeFunctionCall());
  }

  @Override
  public long createRound(RoundParams p) {
    approveIfNeeded(p.rewardPool());
    var params =
        new D2oraRegistry.RoundParams(
            p.baseModelHash().bytes(),
            p.configHash().bytes(),
            seconds(p.joinDeadline()),
            seconds(p.commitDeadline()),
            seconds(p.finalizeDeadline()),
            p.minStake(),
            BigInteger.valueOf(p.maxParticipants()),
            p.rewardPool(),
            p.aggregator().hex());
    TxReceipt receipt =
        toRegistry("createRound", registry.createRound(params).encodeFunctionCall());
    return events(receipt.blockNumber(), receipt.blockNumber()).stream()
        .filter(e -> e instanceof ChainEvent.RoundCreated)
        .map(e -> (ChainEvent.RoundCreated) e)
        .filter(e -> e.origin().transactionHash().equals(receipt.transactionHash()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("createRound mined without RoundCreated"))
        .roundId();
  }

  @Override
  public TxReceipt join(long roundId) {
    return toRegistry("join round " + roundId, registry.join(big(roundId)).encodeFunctionCall());
  }

  @Override
  public TxReceipt commit(SignedUpdate u) {
    return toRegistry(
        "commit to round " + u.roundId(),
        registry
            .commit(
                big(u.roundId()),
                u.updateHash().bytes(),
                big(u.numSamples()),
                u.signer().hex(),
                u.signature())
            .encodeFunctionCall());
  }

  @Override
  public TxReceipt finalizeRound(long roundId, Hash32 aggregateHash, List<EthAddress> included) {
    List<String> sorted = included.stream().sorted().map(EthAddress::hex).toList();
    return toRegistry(
        "finalize round " + roundId,
        registry.finalize(big(roundId), aggregateHash.bytes(), sorted).encodeFunctionCall());
  }

  @Override
  public TxReceipt settle(long roundId) {
    return toRegistry(
        "settle round " + roundId, registry.settle(big(roundId)).encodeFunctionCall());
  }

  @Override
  public TxReceipt forfeit(long roundId, EthAddress participant) {
    return toRegistry(
        "forfeit in round " + roundId,
        registry.forfeit(big(roundId), participant.hex()).encodeFunctionCall());
  }

  @Override
  public TxReceipt dispute(long roundId, Hash32 claimedHash) {
    return toRegistry(
        "dispute round " + roundId,
        registry.dispute(big(roundId), claimedHash.bytes()).encodeFunctionCall());
  }

  @Override
  public TxReceipt slashEquivocation(SignedUpdate a, SignedUpdate b) {
    if (a.roundId() != b.roundId() || !a.signer().equals(b.signer())) {
      throw new IllegalArgumentException(
          "expected two updates of one round by one signer, got %s and %s".formatted(a, b));
    }
    String data =
        registry
            .slashEquivocation(
                big(a.roundId()),
                a.signer().hex(),
                List.of(a.updateHash().bytes(), b.updateHash().bytes()),
                List.of(big(a.numSamples()), big(b.numSamples())),
                a.signature(),
                b.signature())
            .encodeFunctionCall();
    return toRegistry("slash equivocation in round " + a.roundId(), data);
  }

  private void approveIfNeeded(BigInteger amount) {
    if (amount.signum() == 0) {
      return;
    }
    BigInteger allowance =
        view("allowance", () -> token.allowance(account.hex(), registryAddress().hex()).send());
    if (allowance.compareTo(amount) < 0) {
      sender.send(
          "approve the registry",
          tokenAddress.hex(),
          token.approve(registryAddress().hex(), amount).encodeFunctionCall());
    }
  }

  private TxReceipt toRegistry(String operation, String data) {
    return sender.send(operation, registryAddress().hex(), data);
  }

  // ------------------------------------------------------------------ reads

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
            DefaultBlockParameter.valueOf(big(fromBlock)),
            DefaultBlockParameter.valueOf(big(toBlock)),
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

  private static <T> T view(String name, Callable<T> call) {
    return Views.call(name, call);
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }

  private static BigInteger seconds(Instant instant) {
    return BigInteger.valueOf(instant.getEpochSecond());
  }
}
