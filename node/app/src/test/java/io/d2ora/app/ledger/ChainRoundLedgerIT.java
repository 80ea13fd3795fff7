package io.d2ora.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.testing.ScriptedDevnet;
import io.d2ora.core.round.AbstractRoundLedgerTest;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.RoundLedgerTestbed;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round-ledger contract suite against {@link ChainRoundLedger} on a real Hardhat node (started
 * once by {@code scripts/devnet.sh} on a free port, with five staked accounts); time moves with
 * {@code evm_increaseTime} + {@code evm_mine}.
 */
class ChainRoundLedgerIT extends AbstractRoundLedgerTest {
  private static final BigInteger MIN_STAKE = BigInteger.TEN.pow(18);
  @TempDir static Path work;
  private static Path root;
  private static Path devnetFile;
  private static JsonNode devnet;

  @BeforeAll
  static void startChain() throws Exception {
    root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("scripts/devnet.sh"))) {
      root = root.getParent();
    }
    boolean present = root != null && Files.isExecutable(root.resolve("node_modules/.bin/hardhat"));
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        fail("missing Hardhat (run scripts/setup.sh)");
      }
      assumeTrue(false, "missing Hardhat (run scripts/setup.sh)");
    }
    devnetFile = ScriptedDevnet.start(root, work);
    devnet = new ObjectMapper().readTree(devnetFile.toFile());
  }

  @AfterAll
  static void stopChain() throws Exception {
    if (devnetFile != null) {
      new ProcessBuilder("bash", "scripts/devnet.sh", "--stop", "--out", devnetFile.toString())
          .directory(root.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
  }

  @Override
  protected RoundLedgerTestbed newTestbed() {
    return new HardhatTestbed();
  }

  /** The devnet file's chain, as every command resolves it, plus {@code flags}. */
  private static ChainSettings chain(Map<String, Object> flags) {
    Map<String, Object> all = new HashMap<>(flags);
    all.put("chain-devnet-file", devnetFile.toString());
    return ChainSettings.resolve(new Settings(all, Map.of(), Optional.empty()));
  }

  @Test
  void shouldReadRoundsWithoutAKeyAndTakeTheChainIdFromTheNode() {
    try (RoundLedgerTestbed bed = newTestbed();
        ChainRoundReader reader = chain(Map.of()).roundReader(Duration.ofMillis(200))) {
      RoundId id =
          bed.createRound(
              BASE,
              CONFIG,
              Duration.ofSeconds(60),
              Duration.ofSeconds(120),
              Duration.ofSeconds(300),
              0);
      bed.peer(1).join(id);

      assertThat(reader.chainId()).isEqualTo(devnet.get("chainId").asLong());
      assertThat(reader.round(id)).isEqualTo(bed.peer(0).round(id)).isPresent();
      assertThat(reader.participants(id)).isEqualTo(bed.peer(0).participants(id)).hasSize(1);
      assertThat(reader.directory().roundCount()).isGreaterThanOrEqualTo(id.value());
    }
  }

  /** Peers are devnet accounts 1..3, each a {@link ChainRoundLedger} signing with its own key. */
  private static final class HardhatTestbed implements RoundLedgerTestbed {
    private final List<ChainRoundLedger> peers = new ArrayList<>();
    private final String rpc = devnet.get("rpcUrl").asText();

    HardhatTestbed() {
      for (int i = 1; i <= 3; i++) {
        peers.add(chain(Map.of("chain-devnet-account", i)).roundLedger(Duration.ofMillis(200)));
      }
    }

    @Override
    public RoundLedger peer(int index) {
      return peers.get(index);
    }

    @Override
    public BigInteger minStake() {
      return MIN_STAKE;
    }

    /** Offsets are inclusive (core) deadlines; the contract's are exclusive, hence + 1. */
    @Override
    public RoundId createRound(
        ContentHash baseModelHash,
        ContentHash configHash,
        Duration join,
        Duration commit,
        Duration finalize,
        int aggregator) {
      long now = peers.get(0).directory().chainTime();
      long[] deadlines = {
        now + join.toSeconds() + 1, now + commit.toSeconds() + 1, now + finalize.toSeconds() + 1
      };
      return peers
          .get(0)
          .createRound(
              baseModelHash, configHash, deadlines, MIN_STAKE, 3, peers.get(aggregator).self());
    }

    @Override
    public void advanceTime(Duration d) {
      rpc("evm_increaseTime", "[" + d.toSeconds() + "]");
      rpc("evm_mine", "[]");
    }

    private void rpc(String method, String params) {
      // HTTP/1.1: the Hardhat node answers HTTP/2 upgrades with 405 (notes/toolchain.md).
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(rpc))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.body().contains("\"error\"")) {
          throw new IllegalStateException(method + " failed: " + r.body());
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(method + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    @Override
    public void close() {
      peers.forEach(ChainRoundLedger::close);
    }
  }
}
