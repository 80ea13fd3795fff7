package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.signing.ChainKey;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;

/**
 * {@link ChainClient} over web3j: {@link Web3jChainReader}'s reads plus transactions through {@link
 * TransactionSender} (local nonce, decoded reverts, receipts polled every {@link
 * ChainConfig#receiptPollInterval()}).
 */
public final class Web3jChainClient extends Web3jChainReader implements ChainClient {
  private final EthAddress account;
  private final TransactionSender sender;

  private Web3jChainClient(ChainConfig config, Web3j web3j, long chainId, ChainKey key) {
    super(config, web3j, chainId, key.address());
    this.account = key.address();
    Credentials credentials = Credentials.create(ECKeyPair.create(key.privateKey()));
    this.sender = new TransactionSender(web3j, credentials, chainId, config);
  }

  /**
   * Connects as {@code key}'s account. Fails with {@link ChainConfigException} when the chain id
   * differs from {@link ChainConfig#expectedChainId()} or no contract is deployed at the registry
   * address, and with {@link io.d2ora.chain.ChainUnavailableException} when the node does not
   * answer.
   */
  public static Web3jChainClient connect(ChainConfig config, ChainKey key) {
    return open(config, (web3j, chainId) -> new Web3jChainClient(config, web3j, chainId, key));
  }

  @Override
  public EthAddress account() {
    return account;
  }

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
          stakeTokenAddress().hex(),
          token.approve(registryAddress().hex(), amount).encodeFunctionCall());
    }
  }

  private TxReceipt toRegistry(String operation, String data) {
    return sender.send(operation, registryAddress().hex(), data);
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
