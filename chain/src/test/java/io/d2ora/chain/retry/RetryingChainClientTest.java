package io.d2ora.chain.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.web3j.Web3jChainClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingChainClientTest {
  private static RetryingChainClient policy(int attempts) {
    return new RetryingChainClient(null, attempts, Duration.ofMillis(1), Duration.ofMillis(4));
  }

  @Test
  void shouldRetryRetryableOutagesUntilTheCallSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        policy(5)
            .retry(
                "op",
                () -> {
                  if (calls.incrementAndGet() < 3) {
                    throw new ChainUnavailableException("down", true, null);
                  }
                  return "ok";
                });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldGiveUpAfterMaxAttemptsSayingHowLongItTried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                policy(3)
                    .retry(
                        "stake",
                        () -> {
                          calls.incrementAndGet();
                          throw new ChainUnavailableException("connection refused", true, null);
                        }))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("stake: chain unavailable after 3 attempts")
        .hasMessageContaining("connection refused");
    assertThat(calls).hasValue(3);
  }

  @Test
  void shouldNotRetryRevertsOrPossiblySubmittedTransactions() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                policy(5)
                    .retry(
                        "join",
                        () -> {
                          calls.incrementAndGet();
                          throw new ChainRevertException("join", "JoinClosed", List.of());
                        }))
        .isInstanceOf(ChainRevertException.class);
    assertThatThrownBy(
            () ->
                policy(5)
                    .retry(
                        "commit",
                        () -> {
                          calls.incrementAndGet();
                          throw new ChainUnavailableException("receipt timeout", false, null);
                        }))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("receipt timeout");
    assertThat(calls).hasValue(2);
  }

  @Test
  void shouldReportAClosedPortAsAnUnavailableChain() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var config =
        ChainConfig.of(
            URI.create("http://127.0.0.1:" + port), EthAddress.of("0x" + "11".repeat(20)), 0);
    assertThatThrownBy(
            () ->
                policy(2)
                    .retry("connect", () -> Web3jChainClient.connect(config, ChainKey.generate())))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("after 2 attempts");
  }
}
