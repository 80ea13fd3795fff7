package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.TxReceipt;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
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
 * before anything is sent), take the next nonce from a local counter, sign with the chain id
 * (EIP-155), send, poll the receipt. Nonce allocation and submission happen under one lock so
 * concurrent callers submit in nonce order; a rejected submission resynchronises the counter from
 * the node.
 */
final class TransactionSender {
  private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(120);
  private static final java.util.regex.Pattern NESTED_DATA =
      java.util.regex.Pattern.compile("\"data\"\\s*:\\s*\"(0x[0-9a-fA-F]*)\"");

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
    BigInteger gasLimit =
        estimateGas(operation, to, data)
            .multiply(GAS_MARGIN_PERCENT)
            .divide(BigInteger.valueOf(100));
    BigInteger gasPrice = call(operation, () -> web3j.ethGasPrice().send()).getGasPrice();
    String txHash = submit(operation, to, data, gasLimit, gasPrice);
    TransactionReceipt receipt = awaitReceipt(operation, txHash);
    if (!receipt.isStatusOK()) {
      throw replayRevert(operation, to, data, receipt.getBlockNumber());
    }
    return new TxReceipt(
        Hash32.of(receipt.getTransactionHash()),
        receipt.getBlockNumber().longValueExact(),
        receipt.getGasUsed().longValueExact());
  }

  private BigInteger estimateGas(String operation, String to, String data) {
    Transaction tx = Transaction.createEthCallTransaction(credentials.getAddress(), to, data);
    var estimate = call(operation, () -> web3j.ethEstimateGas(tx).send());
    if (estimate.hasError()) {
      throw revert(operation, estimate.getError());
    }
    return estimate.getAmountUsed();
  }

  private String submit(
      String operation, String to, String data, BigInteger gasLimit, BigInteger gasPrice) {
    synchronized (nonceLock) {
      if (nextNonce == null) {
        nextNonce = pendingNonce(operation);
      }
      RawTransaction raw =
          RawTransaction.createTransaction(
              nextNonce, gasPrice, gasLimit, to, BigInteger.ZERO, data);
      String signed =
          Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
      EthSendTransaction sent;
      try {
        sent = web3j.ethSendRawTransaction(signed).send();
      } catch (IOException e) {
        nextNonce = null;
        throw new ChainUnavailableException(
            operation + ": the node did not confirm the submission: " + e.getMessage(), false, e);
      }
      if (sent.hasError()) {
        nextNonce = null;
        throw revert(operation, sent.getError());
      }
      nextNonce = nextNonce.add(BigInteger.ONE);
      return sent.getTransactionHash();
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

  private TransactionReceipt awaitReceipt(String operation, String txHash) {
    long deadline = System.nanoTime() + config.receiptTimeout().toNanos();
    while (true) {
      Optional<TransactionReceipt> receipt =
          call(operation, () -> web3j.ethGetTransactionReceipt(txHash).send())
              .getTransactionReceipt();
      if (receipt.isPresent()) {
        return receipt.get();
      }
      if (System.nanoTime() > deadline) {
        throw new ChainUnavailableException(
            "%s: transaction %s not mined within %s"
                .formatted(operation, txHash, config.receiptTimeout()),
            false,
            null);
      }
      try {
        Thread.sleep(config.receiptPollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainUnavailableException(
            operation + ": interrupted awaiting " + txHash, false, e);
      }
    }
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
    java.util.regex.Matcher nested = NESTED_DATA.matcher(trimmed);
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
