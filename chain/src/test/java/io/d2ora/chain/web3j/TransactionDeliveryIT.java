package io.d2ora.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.retry.RetryingChainClient;
import io.d2ora.chain.testing.Devnet;
import io.d2ora.chain.testing.FlakyRpcProxy;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * What the client does when the network fails around a transaction, against a real Hardhat node
 * behind a {@link FlakyRpcProxy}: a lost answer to {@code eth_sendRawTransaction} (the node got it,
 * or not) or lost receipt polls never lead to a second transaction; a pending one is replaced with
 * the same nonce and higher fees, sooner near its deadline; receipts wait for confirmations.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class TransactionDeliveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PROOF = new byte[64];
  private static Devnet devnet;
  private FlakyRpcProxy proxy;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @AfterEach
  void restore() {
    if (proxy != null) {
      proxy.close();
    }
    devnet.rpc("evm_setAutomine", List.of(true));
  }

  private ChainClient clientThroughProxy(int account, ChainConfig tuned) {
    proxy = FlakyRpcProxy.start(devnet.rpcUrl());
    ChainConfig config =
        new ChainConfig(
            proxy.url(),
            tuned.registryAddress(),
            tuned.expectedChainId(),
            Duration.ofMillis(50),
            Duration.ofSeconds(60),
            tuned.eventPollInterval(),
            tuned.confirmations(),
            tuned.feeBumpAfter(),
            tuned.maxFeeBumps());
    return new RetryingChainClient(Web3jChainClient.connect(config, devnet.account(account)));
  }

  private long nonce(int account) {
    String hex =
        (String)
            devnet.rpc(
                "eth_getTransactionCount",
                List.of(devnet.account(account).address().hex(), "latest"));
    return Long.decode(hex);
  }

  /** The signed transactions the proxy saw, deduplicated, in order. */
  private List<String> distinctRawTransactions() throws Exception {
    return proxy.received("eth_sendRawTransaction").stream()
        .map(this::firstParam)
        .distinct()
        .toList();
  }

  private String firstParam(String body) {
    try {
      return JSON.readTree(body).get("params").get(0).asText();
    } catch (Exception e) {
      throw new IllegalStateException(body, e);
    }
  }

  private static Hash32 hashOf(String raw) {
    return Hash32.of(Hash.sha3(Numeric.hexStringToByteArray(raw)));
  }

  @Test
  void shouldMineExactlyOneTransactionWhenTheAnswerToTheSendIsLost() throws Exception {
    try (ChainClient client = clientThroughProxy(1, devnet.config())) {
      long before = nonce(1);
      proxy.dropAnswers("eth_sendRawTransaction", 1);
      TxReceipt receipt = client.registerPeer(new byte[] {1, 1}, List.of(), PROOF);

      assertThat(nonce(1)).as("transactions mined from the account").isEqualTo(before + 1);
      List<String> sent = distinctRawTransactions();
      assertThat(sent).as("only the same signed bytes were ever sent").hasSize(1);
      assertThat(receipt.transactionHash()).isEqualTo(hashOf(sent.getFirst()));

      client.registerPeer(new byte[] {1, 2}, List.of(), PROOF);
      assertThat(nonce(1)).as("the next transaction takes the next nonce").isEqualTo(before + 2);
    }
  }

  @Test
  void shouldResendTheSameBytesWhenTheNodeNeverGotTheTransaction() throws Exception {
    try (ChainClient client = clientThroughProxy(2, devnet.config())) {
      long before = nonce(2);
      proxy.swallow("eth_sendRawTransaction", 1);
      TxReceipt receipt = client.registerPeer(new byte[] {2, 1}, List.of(), PROOF);

      assertThat(nonce(2)).isEqualTo(before + 1);
      assertThat(proxy.sends()).as("sent again after the first was lost").isGreaterThanOrEqualTo(2);
      List<String> sent = distinctRawTransactions();
      assertThat(sent).hasSize(1);
      assertThat(receipt.transactionHash()).isEqualTo(hashOf(sent.getFirst()));
    }
  }

  @Test
  void shouldWatchATransactionTheNodeHasEvenWhenTheSendIsAnsweredWithAnError() throws Exception {
    try (ChainClient client = clientThroughProxy(2, devnet.config())) {
      long before = nonce(2);
      proxy.answerWithError("eth_sendRawTransaction", 1, "already known");
      TxReceipt receipt = client.registerPeer(new byte[] {2, 2}, List.of(), PROOF);
      assertThat(nonce(2)).isEqualTo(before + 1);
      assertThat(receipt.transactionHash()).isEqualTo(hashOf(distinctRawTransactions().getFirst()));
      client.registerPeer(new byte[] {2, 3}, List.of(), PROOF);
      assertThat(nonce(2)).isEqualTo(before + 2);
    }
  }

  @Test
  void shouldRideOutLostReceiptPollsWithoutSendingAgain() throws Exception {
    try (ChainClient client = clientThroughProxy(3, devnet.config())) {
      long before = nonce(3);
      proxy.swallow("eth_getTransactionReceipt", 5);
      client.registerPeer(new byte[] {3, 1}, List.of(), PROOF);
      assertThat(nonce(3)).isEqualTo(before + 1);
      assertThat(proxy.sends()).isEqualTo(1);
      assertThat(proxy.received("eth_getTransactionReceipt").size()).isGreaterThan(5);
    }
  }

  @Test
  void shouldReplaceAStuckTransactionWithTheSameNonceAndHigherFees() throws Exception {
    ChainConfig tuned = devnet.config().withFeeBumps(Duration.ofSeconds(1), 3);
    try (ChainClient client = clientThroughProxy(4, tuned)) {
      long before = nonce(4);
      devnet.rpc("evm_setAutomine", List.of(false));
      var pending =
          CompletableFuture.supplyAsync(
              () -> client.registerPeer(new byte[] {4, 1}, List.of(), PROOF));
      awaitDistinctSends(2, Duration.ofSeconds(30));
      devnet.rpc("evm_mine", List.of());
      TxReceipt receipt = pending.get(60, TimeUnit.SECONDS);

      assertThat(nonce(4)).as("one transaction mined for the nonce").isEqualTo(before + 1);
      List<String> sent = distinctRawTransactions();
      assertThat(sent).hasSizeGreaterThanOrEqualTo(2);
      assertThat(sent.stream().map(TransactionDeliveryIT::hashOf))
          .contains(receipt.transactionHash());
      String mined =
          sent.stream().filter(r -> hashOf(r).equals(receipt.transactionHash())).findFirst().get();
      assertThat(nonceOf(mined)).isEqualTo(nonceOf(sent.getFirst()));
      // Which of the two the node mines depends on whether the replacement reached its pool before
      // evm_mine (the proxy counts a send as it forwards it): the replacement is what is checked.
      String replacement = sent.get(1);
      assertThat(nonceOf(replacement)).isEqualTo(nonceOf(sent.getFirst()));
      assertThat(maxFee(replacement))
          .isGreaterThanOrEqualTo(
              maxFee(sent.getFirst())
                  .multiply(BigInteger.valueOf(125))
                  .divide(BigInteger.valueOf(100)));
    }
  }

  @Test
  void shouldBumpSoonerWhenTheRoundDeadlineIsNear() throws Exception {
    try (var creator = devnet.client(0)) {
      creator.stake(BigInteger.TEN.pow(18));
      Instant now = creator.latestBlockTime();
      var params = Web3jChainClientIT.params(now, creator.account(), 10);
      long round =
          creator.createRound(
              new io.d2ora.chain.RoundParams(
                  params.baseModelHash(),
                  params.configHash(),
                  now.plusSeconds(14),
                  now.plusSeconds(120),
                  now.plusSeconds(240),
                  BigInteger.TEN.pow(18),
                  4,
                  10,
                  0,
                  BigInteger.ZERO,
                  creator.account()));
      ChainConfig tuned = devnet.config().withFeeBumps(Duration.ofSeconds(16), 3);
      try (ChainClient client = clientThroughProxy(0, tuned)) {
        devnet.rpc("evm_setAutomine", List.of(false));
        Instant started = Instant.now();
        var pending = CompletableFuture.supplyAsync(() -> client.join(round));
        awaitDistinctSends(2, Duration.ofSeconds(30));
        Duration bumpedAfter = Duration.between(started, Instant.now());
        devnet.rpc("evm_mine", List.of());
        pending.get(60, TimeUnit.SECONDS);
        assertThat(bumpedAfter)
            .as("a quarter of feeBumpAfter, not all of it, with the join deadline this close")
            .isLessThan(Duration.ofSeconds(10));
        assertThat(creator.participant(round, creator.account())).isPresent();
      }
    }
  }

  @Test
  void shouldReturnAReceiptOnlyOnceItHasTheConfiguredConfirmations() throws Exception {
    try (ChainClient client = clientThroughProxy(1, devnet.config().withConfirmations(2))) {
      var pending =
          CompletableFuture.supplyAsync(
              () -> client.registerPeer(new byte[] {1, 9}, List.of(), PROOF));
      Thread.sleep(1500);
      assertThat(pending).as("mined but not confirmed").isNotDone();
      devnet.rpc("evm_mine", List.of());
      Thread.sleep(500);
      assertThat(pending).as("one confirmation of two").isNotDone();
      devnet.rpc("evm_mine", List.of());
      TxReceipt receipt = pending.get(30, TimeUnit.SECONDS);
      assertThat(client.blockNumber()).isGreaterThanOrEqualTo(receipt.blockNumber() + 2);
      assertThat(client.snapshot().block().number()).isEqualTo(client.blockNumber() - 2);
    }
  }

  private void awaitDistinctSends(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (distinctRawTransactions().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected " + count + " distinct sends, saw " + distinctRawTransactions().size());
      }
      Thread.sleep(50);
    }
  }

  private static BigInteger maxFee(String raw) {
    var tx = (Transaction1559) TransactionDecoder.decode(raw).getTransaction();
    return tx.getMaxFeePerGas();
  }

  private static BigInteger nonceOf(String raw) {
    return TransactionDecoder.decode(raw).getNonce();
  }
}
