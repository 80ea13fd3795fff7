package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainDataException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.IncludedSet;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedAttestation;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import io.d2ora.chain.signing.ChainKey;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * {@link ChainClient} over web3j: {@link Web3jChainReader}'s reads plus transactions through {@link
 * TransactionSender} (local nonce, EIP-1559 fees, decoded reverts, receipts watched by {@link
 * ReceiptWatch}). Calls are encoded with the generated wrapper; a round's transactions take the
 * round's matching deadline as their fee-bump horizon.
 */
public final class Web3jChainClient extends Web3jChainReader implements ChainClient {
  /** More than the 2 x 256 / SETTLE_BATCH calls a full round takes: a bound, never reached. */
  private static final int MAX_SETTLE_CALLS = 16;

  private final EthAddress account;
  private final TransactionSender sender;
  private final D2oraRegistry calls;
  private final D2oraStakeToken tokenCalls;

  private Web3jChainClient(ChainConfig config, Web3j web3j, long chainId, ChainKey key) {
    this(config, web3j, chainId, key, stakeToken(config, web3j));
  }

  private Web3jChainClient(
      ChainConfig config, Web3j web3j, long chainId, ChainKey key, EthAddress token) {
    super(config, web3j, chainId, key.address(), token);
    this.account = key.address();
    Credentials credentials = Credentials.create(ECKeyPair.create(key.privateKey()));
    this.sender = new TransactionSender(web3j, credentials, chainId, config);
    var readOnly = new ReadonlyTransactionManager(web3j, account.hex());
    this.calls =
        D2oraRegistry.load(
            config.registryAddress().hex(), web3j, readOnly, new DefaultGasProvider());
    this.tokenCalls = D2oraStakeToken.load(token.hex(), web3j, readOnly, new DefaultGasProvider());
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
  public TxReceipt registerPeer(byte[] peerId, List<String> multiaddrs, byte[] proof) {
    return toRegistry(
        "registerPeer", calls.registerPeer(peerId, multiaddrs, proof).encodeFunctionCall());
  }

  @Override
  public TxReceipt stake(BigInteger amount) {
    approveIfNeeded(amount);
    return toRegistry("stake", calls.stake(amount).encodeFunctionCall());
  }

  @Override
  public TxReceipt unstake(BigInteger amount) {
    return toRegistry("unstake", calls.unstake(amount).encodeFunctionCall());
  }

  @Override
  public TxReceipt withdraw() {
    return toRegistry("withdraw", calls.withdraw().encodeFunctionCall());
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
            big(p.maxParticipants()),
            big(p.sampleCap()),
            big(p.quorumBps()),
            p.rewardPool(),
            p.aggregator().hex());
    TxReceipt receipt = toRegistry("createRound", calls.createRound(params).encodeFunctionCall());
    return emitted(receipt, ChainEvent.RoundCreated.class, "RoundCreated").roundId();
  }

  @Override
  public TxReceipt join(long roundId) {
    return toRound(
        "join round " + roundId,
        roundId,
        RegistryRound::joinDeadline,
        calls.join(big(roundId)).encodeFunctionCall());
  }

  @Override
  public TxReceipt commit(SignedUpdate u) {
    String data =
        calls
            .commit(
                big(u.roundId()),
                u.updateHash().bytes(),
                big(u.numSamples()),
                u.signer().hex(),
                u.signature())
            .encodeFunctionCall();
    return toRound(
        "commit to round " + u.roundId(), u.roundId(), RegistryRound::commitDeadline, data);
  }

  @Override
  public int propose(long roundId, Hash32 aggregateHash, List<EthAddress> included) {
    List<String> ascending = IncludedSet.ascending(included).stream().map(EthAddress::hex).toList();
    TxReceipt receipt =
        toRound(
            "propose in round " + roundId,
            roundId,
            RegistryRound::finalizeDeadline,
            calls.propose(big(roundId), aggregateHash.bytes(), ascending).encodeFunctionCall());
    return emitted(receipt, ChainEvent.AggregateProposed.class, "AggregateProposed")
        .proposalIndex();
  }

  @Override
  public TxReceipt attest(SignedAttestation a) {
    String data =
        calls
            .attest(
                big(a.roundId()),
                a.aggregateHash().bytes(),
                a.includedSetHash().bytes(),
                a.attester().hex(),
                a.signature())
            .encodeFunctionCall();
    return toRound(
        "attest in round " + a.roundId(), a.roundId(), RegistryRound::finalizeDeadline, data);
  }

  /**
   * Sends {@code settle} until the round is closed: the registry works through a bounded batch of
   * participants a call, so a large round takes several (8 at its 256-participant cap). A later
   * call that finds the round closed by another settler ends the loop.
   */
  @Override
  public TxReceipt settle(long roundId) {
    String data = calls.settle(big(roundId)).encodeFunctionCall();
    String operation = "settle round " + roundId;
    TxReceipt last = toRegistry(operation, data);
    for (int call = 1; settling(roundId); call++) {
      if (call >= MAX_SETTLE_CALLS) {
        throw new ChainDataException(
            "%s: still settling after %d calls".formatted(operation, call));
      }
      try {
        last = toRegistry(operation, data);
      } catch (ChainRevertException e) {
        if (!"AlreadySettled".equals(e.errorName())) {
          throw e;
        }
        break;
      }
    }
    return last;
  }

  private boolean settling(long roundId) {
    return round(roundId).map(r -> r.status() == RegistryRound.Status.SETTLING).orElse(false);
  }

  @Override
  public TxReceipt forfeit(long roundId, EthAddress participant) {
    return toRegistry(
        "forfeit " + participant + " in round " + roundId,
        calls.forfeit(big(roundId), participant.hex()).encodeFunctionCall());
  }

  @Override
  public TxReceipt slashUpdateEquivocation(SignedUpdate a, SignedUpdate b) {
    if (a.roundId() != b.roundId() || !a.signer().equals(b.signer())) {
      throw new IllegalArgumentException(
          "expected two updates of one round by one signer, got %s and %s".formatted(a, b));
    }
    String data =
        calls
            .slashUpdateEquivocation(
                big(a.roundId()),
                a.signer().hex(),
                List.of(a.updateHash().bytes(), b.updateHash().bytes()),
                List.of(big(a.numSamples()), big(b.numSamples())),
                a.signature(),
                b.signature())
            .encodeFunctionCall();
    return toRegistry("slash update equivocation in round " + a.roundId(), data);
  }

  @Override
  public TxReceipt slashAttestationEquivocation(SignedAttestation a, SignedAttestation b) {
    if (a.roundId() != b.roundId() || !a.attester().equals(b.attester())) {
      throw new IllegalArgumentException(
          "expected two attestations of one round by one attester, got %s and %s".formatted(a, b));
    }
    String data =
        calls
            .slashAttestationEquivocation(
                big(a.roundId()),
                a.attester().hex(),
                List.of(a.aggregateHash().bytes(), b.aggregateHash().bytes()),
                List.of(a.includedSetHash().bytes(), b.includedSetHash().bytes()),
                a.signature(),
                b.signature())
            .encodeFunctionCall();
    return toRegistry("slash attestation equivocation in round " + a.roundId(), data);
  }

  private void approveIfNeeded(BigInteger amount) {
    if (amount.signum() == 0) {
      return;
    }
    BigInteger allowance =
        view(
            "allowance", () -> tokenCalls.allowance(account.hex(), registryAddress().hex()).send());
    if (allowance.compareTo(amount) < 0) {
      sender.send(
          "approve the registry",
          stakeTokenAddress().hex(),
          tokenCalls.approve(registryAddress().hex(), amount).encodeFunctionCall());
    }
  }

  /** The event of type {@code type} that {@code receipt}'s transaction emitted. */
  private <E extends ChainEvent> E emitted(TxReceipt receipt, Class<E> type, String name) {
    return events(receipt.blockNumber(), receipt.blockNumber()).stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(e -> e.origin().transactionHash().equals(receipt.transactionHash()))
        .findFirst()
        .orElseThrow(
            () ->
                new ChainDataException(
                    "transaction %s was mined without a %s event"
                        .formatted(receipt.transactionHash(), name)));
  }

  private TxReceipt toRegistry(String operation, String data) {
    return sender.send(operation, registryAddress().hex(), data);
  }

  private TxReceipt toRound(
      String operation, long roundId, Function<RegistryRound, Instant> deadline, String data) {
    Optional<Instant> horizon = round(roundId).map(deadline);
    return sender.send(operation, registryAddress().hex(), data, horizon);
  }

  private static BigInteger seconds(Instant instant) {
    return BigInteger.valueOf(instant.getEpochSecond());
  }
}
