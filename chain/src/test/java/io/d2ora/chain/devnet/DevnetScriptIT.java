package io.d2ora.chain.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.chain.web3j.Web3jChainClient;
import io.d2ora.chain.web3j.Web3jChainReader;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/devnet.sh}, the operator's devnet (Hardhat Ignition deploy): the file it writes
 * describes a chain whose accounts are staked and which mines a block every second, and {@code
 * --stop} stops the node. Tests get their chain from {@code io.d2ora.chain.testing.Devnet}; this
 * checks the script itself.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class DevnetScriptIT {
  private static final BigInteger TOKEN = BigInteger.TEN.pow(18);

  @Test
  void shouldStartADevnetWithStakedAccountsAndStopIt(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path file = dir.resolve("devnet.json");
    try {
      String out =
          script("--port", Integer.toString(port), "--out", file.toString(), "--stake", "100");
      DevnetInfo info = DevnetInfo.read(file);

      assertThat(out).contains("devnet ready");
      assertThat(info.rpcUrl()).isEqualTo("http://127.0.0.1:" + port);
      assertThat(info.accountPrivateKeys()).hasSize(5);
      for (int i = 0; i < info.accountPrivateKeys().size(); i++) {
        try (var client = Web3jChainClient.connect(info.config(), info.account(i))) {
          assertThat(client.stakeOf(client.account()).staked())
              .as("account %d", i)
              .isEqualTo(TOKEN.multiply(BigInteger.valueOf(100)));
        }
      }
      try (var reader = Web3jChainReader.connect(info.config())) {
        long first = reader.blockNumber();
        Instant firstTime = reader.latestBlockTime();
        Thread.sleep(4_000);
        assertThat(reader.blockNumber())
            .as("a block a second without transactions, so chain time passes deadlines")
            .isGreaterThanOrEqualTo(first + 3);
        assertThat(Duration.between(firstTime, reader.latestBlockTime()))
            .as("chain time advances with the clock")
            .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
      }
    } finally {
      script("--stop", "--out", file.toString());
    }
    assertThat(answers(port)).as("port %d after --stop", port).isFalse();
  }

  private static String script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/devnet.sh"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(ProjectRoot.path().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("devnet.sh finished").isTrue();
    assertThat(p.exitValue()).as("devnet.sh %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  /** Whether the port still accepts connections after up to 10 s. */
  private static boolean answers(int port) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        Thread.sleep(200);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
