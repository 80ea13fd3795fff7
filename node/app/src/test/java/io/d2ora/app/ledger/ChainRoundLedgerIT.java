package io.d2ora.app.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.testing.ScriptedDevnet;
import io.d2ora.core.round.AbstractRoundLedgerTest;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.RoundLedgerTestbed;
import io.d2ora.core.store.ContentHash;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round-ledger contract suite against {@link ChainRoundLedger} on a real Hardhat node (started
 * once by {@code scripts/devnet.sh} on a free port, with five staked accounts); time moves with
 * {@code evm_increaseTime} + {@code evm_mine}.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class ChainRoundLedgerIT extends AbstractRoundLedgerTest {
  private static final BigInteger MIN_STAKE = BigInteger.TEN.pow(18);
  @TempDir static Path work;
  private static Path root;
  private static Path devnetFile;
  private static JsonNode devnet;

  @BeforeAll
  static void startChain() throws Exception {
    root = ProjectRoot.path();
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

  /** Peers are devnet accounts 1..3, each a {@link ChainRoundLedger} signing with its own key. */
  private static final class HardhatTestbed implements RoundLedgerTestbed {
    private final List<ChainRoundLedger> peers = new ArrayList<>();
    private final String rpc = devnet.get("rpcUrl").asText();

    HardhatTestbed() {
      for (int i = 1; i <= 3; i++) {
        peers.add(
            ChainRoundLedger.connect(
                new ChainAccess(
                    rpc,
                    devnet.get("chainId").asLong(),
                    devnet.get("registryAddress").asText(),
                    devnet.get("accountPrivateKeys").get(i).asText()),
                Duration.ofMillis(200)));
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
      ChainDirectory directory = peers.get(0).directory();
      long now = directory.chainTime();
      long[] deadlines = {
        now + join.toSeconds() + 1, now + commit.toSeconds() + 1, now + finalize.toSeconds() + 1
      };
      return directory.createRound(
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
