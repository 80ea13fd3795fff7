package io.d2ora.app.ledger;

import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ChainTime;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.LedgerUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The registry contract through web3j: the only class of the node that sees web3j. Calls block;
 * failures are sorted into the core's ledger exceptions (unreachable or timing out: {@link
 * LedgerUnavailableException}; reverted: {@link LedgerRejectedException}).
 */
final class RegistryContract implements AutoCloseable {
  /**
   * Legacy gas price (2 gwei) and limit: ample on a devnet, where the base fee starts at 1 gwei.
   */
  static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);

  static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000L);
  private static final int RECEIPT_POLL_MS = 100;
  private static final int RECEIPT_POLL_ATTEMPTS = 600;

  final Web3j web3j;
  final D2oraRegistry registry;
  final Credentials credentials;
  final Address self;

  private RegistryContract(Web3j web3j, D2oraRegistry registry, Credentials credentials) {
    this.web3j = web3j;
    this.registry = registry;
    this.credentials = credentials;
    this.self = Address.parse(credentials.getAddress());
  }

  /**
   * Connects and checks the endpoint: its chain id must match and the registry address must hold
   * code.
   *
   * @throws LedgerUnavailableException if the endpoint does not answer
   * @throws IllegalArgumentException if the chain id differs or there is no contract
   */
  static RegistryContract connect(ChainAccess access) {
    Web3j web3j = Web3j.build(new HttpService(access.rpcUrl()));
    try {
      long chainId = read(() -> web3j.ethChainId().send().getChainId().longValueExact());
      if (chainId != access.chainId()) {
        throw new IllegalArgumentException(
            "expected chain id " + access.chainId() + " but " + access.rpcUrl() + " is " + chainId);
      }
      String code =
          read(() -> web3j.ethGetCode(access.registry(), DefaultBlockParameterName.LATEST).send())
              .getCode();
      if (code == null || code.length() <= 2) {
        throw new IllegalArgumentException(
            "no contract at " + access.registry() + " on chain " + chainId);
      }
      Credentials credentials = Credentials.create(access.privateKeyHex());
      RawTransactionManager tx =
          new RawTransactionManager(
              web3j,
              credentials,
              chainId,
              new PollingTransactionReceiptProcessor(
                  web3j, RECEIPT_POLL_MS, RECEIPT_POLL_ATTEMPTS));
      D2oraRegistry registry =
          D2oraRegistry.load(
              access.registry(), web3j, tx, new StaticGasProvider(GAS_PRICE, GAS_LIMIT));
      return new RegistryContract(web3j, registry, credentials);
    } catch (RuntimeException e) {
      web3j.shutdown();
      throw e;
    }
  }

  /**
   * Signs a 32-byte digest with the node's key: r || s || v (v = 27 or 28), as ECDSA.recover wants.
   */
  byte[] sign(byte[] digest) {
    Sign.SignatureData s = Sign.signMessage(digest, credentials.getEcKeyPair(), false);
    byte[] out = new byte[65];
    System.arraycopy(s.getR(), 0, out, 0, 32);
    System.arraycopy(s.getS(), 0, out, 32, 32);
    out[64] = s.getV()[0];
    return out;
  }

  ChainTime latest() {
    EthBlock.Block b =
        read(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
            .getBlock();
    return new ChainTime(b.getNumber().longValueExact(), b.getTimestamp().longValueExact());
  }

  long blockTimestamp(long number) {
    EthBlock.Block b =
        read(() ->
                web3j
                    .ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                    .send())
            .getBlock();
    if (b == null) {
      throw new LedgerUnavailableException("block " + number + " not found", null);
    }
    return b.getTimestamp().longValueExact();
  }

  /** Runs a view call. */
  static <T> T read(Callable<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new LedgerUnavailableException("chain read failed: " + describe(e), e);
    }
  }

  /** Sends a transaction and waits for its receipt. */
  static LedgerReceipt write(String what, Callable<TransactionReceipt> send) {
    TransactionReceipt receipt;
    try {
      receipt = send.call();
    } catch (Exception e) {
      if (unreachable(e)) {
        throw new LedgerUnavailableException(what + ": chain unreachable: " + describe(e), e);
      }
      throw new LedgerRejectedException(what + " rejected: " + describe(e), e);
    }
    if (!receipt.isStatusOK()) {
      throw new LedgerRejectedException(
          what
              + " reverted in tx "
              + receipt.getTransactionHash()
              + ": "
              + receipt.getRevertReason(),
          null);
    }
    return new LedgerReceipt(
        receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof SocketTimeoutException
          || t instanceof UncheckedIOException
          || (t instanceof IOException && !(t.getMessage() + "").contains("revert"))) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return root == e ? msg : msg + " (" + root + ")";
  }

  static List<String> hexList(List<Address> addresses) {
    return addresses.stream().map(Address::hex).toList();
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
