package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.TxReceipt;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends contract transactions from one account: estimate gas (a revert surfaces here, decoded,
 * before anything is sent), fees ({@link Fees}), the next nonce from a local counter, sign
 * (EIP-1559 with the chain id), send once, then {@link ReceiptWatch} until mined and confirmed.
 * Nonce allocation and submission happen under one lock so concurrent callers submit in nonce
 * order.
 *
 * <p>Once signed, a transaction is only ever re-sent as the same bytes or as a replacement with the
 * same nonce: a lost answer to {@code eth_sendRawTransaction} is treated as "maybe sent" and its
 * hash (computed locally) is watched, so no network error can make a second transaction.
 */
final class TransactionSender {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);
  private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(120);
  private static final Pattern NESTED_DATA =
      Pattern.compile("\"data\"\\s*:\\s*\"(0x[0-9a-fA-F]*)\"");

  private final Web3j web3j;
  private final Credentials credentials;
  private final long chainId;
  private final ChainConfig config;
  private final Object nonceLock = new Object();
  private BigInteger nextNonce;

  TransactionSender(Web3j web3j, Credentials credentials, long chainId, ChainConfig config) {
    this.web3j = web3j;
    this.credentials = credentials;
    this.chainId = chainId;
    this.config = config;
  }

  TxReceipt send(String operation, String to, String data) {
    return send(operation, to, data, Optional.empty());
  }

  /**
   * Sends and awaits; {@code deadline} (chain time) is when the transaction stops being useful:
   * near it, a pending transaction's fees are bumped sooner.
   */
  TxReceipt send(String operation, String to, String data, Optional<Instant> deadline) {
    BigInteger gasLimit =
        estimateGas(operation, to, data)
            .multiply(GAS_MARGIN_PERCENT)
            .divide(BigInteger.valueOf(100));
    Fees fees = Fees.current(web3j, operation);
    Instant nearDeadline = nearDeadline(operation, deadline);
    Signed first = submit(operation, to, data, gasLimit, fees);
    ReceiptWatch watch = new ReceiptWatch(this, operation, first, nearDeadline);
    TransactionReceipt receipt;
    try {
      receipt = watch.await();
    } catch (ChainUnavailableException e) {
      resyncNonce();
      throw e;
    }
    if (!receipt.isStatusOK()) {
      throw replayRevert(operation, to, data, receipt.getBlockNumber());
    }
    return new TxReceipt(
        Hash32.of(receipt.getTransactionHash()),
        ChainValues.toLong("receipt block", receipt.getBlockNumber()),
        ChainValues.toLong("gas used", receipt.getGasUsed()));
  }

  /** Wall-clock instant from which the deadline is within {@code feeBumpAfter}; MAX without one. */
  private Instant nearDeadline(String operation, Optional<Instant> deadline) {
    if (deadline.isEmpty()) {
      return Instant.MAX;
    }
    var block =
        call(
                operation,
                () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
            .getBlock();
    Instant chainNow = ChainValues.toTime("latest block time", block.getTimestamp());
    Duration left = Duration.between(chainNow, deadline.get()).minus(config.feeBumpAfter());
    return left.isNegative() ? Instant.now() : Instant.now().plus(left);
  }

  private BigInteger estimateGas(String operation, String to, String data) {
    Transaction tx = Transaction.createEthCallTransaction(credentials.getAddress(), to, data);
    var estimate = call(operation, () -> web3j.ethEstimateGas(tx).send());
    if (estimate.hasError()) {
      throw revert(operation, estimate.getError());
    }
    return estimate.getAmountUsed();
  }

  /** A signed transaction: its nonce, fees, bytes and hash. */
  record Signed(
      BigInteger nonce,
      BigInteger gasLimit,
      String to,
      String data,
      Fees fees,
      String raw,
      String hash) {}

  Signed sign(BigInteger nonce, BigInteger gasLimit, String to, String data, Fees fees) {
    RawTransaction tx =
        fees.eip1559()
            ? RawTransaction.createTransaction(
                chainId, nonce, gasLimit, to, BigInteger.ZERO, data, fees.tip(), fees.maxFee())
            : RawTransaction.createTransaction(
                nonce, fees.maxFee(), gasLimit, to, BigInteger.ZERO, data);
    byte[] signed =
        fees.eip1559()
            ? TransactionEncoder.signMessage(tx, credentials)
            : TransactionEncoder.signMessage(tx, chainId, credentials);
    return new Signed(
        nonce,
        gasLimit,
        to,
        data,
        fees,
        Numeric.toHexString(signed),
        Numeric.toHexString(org.web3j.crypto.Hash.sha3(signed)));
  }

  private Signed submit(String operation, String to, String data, BigInteger gasLimit, Fees fees) {
    synchronized (nonceLock) {
      if (nextNonce == null) {
        nextNonce = pendingNonce(operation);
      }
      Signed signed = sign(nextNonce, gasLimit, to, data, fees);
      EthSendTransaction sent;
      try {
        sent = web3j.ethSendRawTransaction(signed.raw()).send();
      } catch (IOException e) {
        LOG.warn(
            "{}: no answer to sending {} ({}); watching for it, never sending another",
            operation,
            signed.hash(),
            e.getMessage());
        nextNonce = nextNonce.add(BigInteger.ONE);
        return signed;
      }
      if (sent.hasError() && !knows(signed.hash())) {
        nextNonce = null;
        throw revert(operation, sent.getError());
      }
      nextNonce = nextNonce.add(BigInteger.ONE);
      return signed;
    }
  }

  /**
   * Whether the node has the transaction (pending or mined): an error answer to a send that reached
   * the node before (a transport retry, "already known") must not be taken for a refusal. When the
   * node cannot say, the transaction is watched rather than risk sending a second one.
   */
  private boolean knows(String hash) {
    try {
      var known = web3j.ethGetTransactionByHash(hash).send();
      return !known.hasError() && known.getTransaction().isPresent();
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Sends {@code signed} again (the same bytes, or a replacement); an error answer (already known,
   * underpriced, nonce used) is logged, since the watch decides by receipts only.
   */
  void resend(String operation, Signed signed) {
    try {
      EthSendTransaction sent = web3j.ethSendRawTransaction(signed.raw()).send();
      if (sent.hasError()) {
        LOG.debug("{}: resending {}: {}", operation, signed.hash(), sent.getError().getMessage());
      }
    } catch (IOException e) {
      LOG.debug("{}: resending {}: {}", operation, signed.hash(), e.getMessage());
    }
  }

  /** After a lost transaction the node's pending count is the truth again. */
  private void resyncNonce() {
    synchronized (nonceLock) {
      nextNonce = null;
    }
  }

  private BigInteger pendingNonce(String operation) {
    return call(
            operation,
            () ->
                web3j
                    .ethGetTransactionCount(
                        credentials.getAddress(), DefaultBlockParameterName.PENDING)
                    .send())
        .getTransactionCount();
  }

  Web3j web3j() {
    return web3j;
  }

  ChainConfig config() {
    return config;
  }

  /** A mined transaction failed: re-run it as a call at its block to learn why. */
  private ChainRevertException replayRevert(
      String operation, String to, String data, BigInteger block) {
    Transaction tx = Transaction.createEthCallTransaction(credentials.getAddress(), to, data);
    EthCall result =
        call(operation, () -> web3j.ethCall(tx, DefaultBlockParameter.valueOf(block)).send());
    if (result.hasError()) {
      return revert(operation, result.getError());
    }
    return RevertDecoder.decode(operation, result.getRevertReason(), "reverted in block " + block);
  }

  static ChainRevertException revert(String operation, Response.Error error) {
    return RevertDecoder.decode(operation, revertData(error.getData()), error.getMessage());
  }

  /**
   * Nodes put revert data in {@code error.data} as a hex string, or inside an object's {@code
   * data}.
   */
  private static String revertData(String data) {
    if (data == null) {
      return null;
    }
    String trimmed = data.strip();
    if (trimmed.startsWith("\"")) {
      trimmed = trimmed.substring(1, trimmed.length() - 1);
    }
    if (trimmed.startsWith("0x")) {
      return trimmed;
    }
    Matcher nested = NESTED_DATA.matcher(trimmed);
    if (nested.find()) {
      return nested.group(1);
    }
    return null;
  }

  interface RpcCall<T> {
    T send() throws IOException;
  }

  /**
   * Runs one JSON-RPC request; an I/O failure means the node is unavailable and nothing was
   * submitted.
   */
  static <T> T call(String operation, RpcCall<T> request) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new ChainUnavailableException(
          operation + ": the chain node is unavailable: " + e.getMessage(), true, e);
    }
  }
}
