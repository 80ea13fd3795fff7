package io.d2ora.app.node;

import static io.d2ora.app.node.TestNetwork.round;
import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static io.d2ora.testing.RealComponent.ANVIL;
import static io.d2ora.testing.RealComponent.BASE_MODEL;
import static io.d2ora.testing.RealComponent.SENTIMENT_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.aggregate.RoundStart;
import io.d2ora.core.aggregate.ServerState;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundOutcome;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import io.d2ora.testing.RequiresRealComponents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Three real nodes run two FedAdam rounds on a real chain: round 2's updates name round 1's
 * aggregate as their start, the aggregator steps from it with the server state that aggregate
 * carries, the other peers recompute the same bytes, and {@code verify round 2} from a peer's data
 * directory says VALID.
 */
@RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerOptimizerAcceptanceTest {
  private static final String FEDADAM = "fedadam:server_lr=0.01";
  @TempDir static Path work;
  private TestNetwork network;

  @BeforeAll
  void startChain() {
    network = TestNetwork.start(work);
  }

  @AfterAll
  void stopChain() {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void shouldFinalizeAndVerifyTwoFedadamRounds() throws Exception {
    Path config = network.roundConfig(FEDADAM);
    List<TestPeer> p =
        List.of(
            network.peer("adam-a", 1, "imdb", config).creatingRounds().setting("rounds", 2),
            network.peer("adam-b", 2, "yelp", config).setting("rounds", 2),
            network.peer("adam-c", 3, "amazon", config).setting("rounds", 2));
    try {
      network.start(p.get(0), p.get(1), p.get(2));
      RoundId one = round(1);
      RoundId two = round(2);

      RoundOutcome first = p.get(0).awaitOutcome(one);
      RoundOutcome second = p.get(0).awaitOutcome(two);

      assertThat(first.result()).isEqualTo(FINALIZED);
      assertThat(second.result()).isEqualTo(FINALIZED);
      assertThat(p.get(1).awaitOutcome(two).result()).isEqualTo(VERIFIED);
      assertThat(p.get(2).awaitOutcome(two).result()).isEqualTo(VERIFIED);
      assertThat(second.included()).hasSize(3);
      ContentStore store = ContentStore.open(p.get(1).dataDir.resolve("store"));
      AdapterUpdate aggregate =
          SafetensorsCodec.decode(store.get(second.finalizedHash().orElseThrow()).orElseThrow());
      ContentHash firstHash = first.finalizedHash().orElseThrow();
      assertThat(aggregate.metadata())
          .containsEntry(ServerState.STEP_KEY, "1")
          .containsEntry(RoundStart.KEY, firstHash.hex());
      assertThat(verify(two, p.get(1).dataDir, config)).isZero();
    } finally {
      for (TestPeer peer : p) {
        peer.stop();
      }
    }
  }

  private int verify(RoundId r, Path dataDir, Path config) {
    StringWriter out = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out));
    int code =
        cli.execute(
            "verify",
            "round",
            r.toString(),
            "--chain-rpc-url",
            network.rpcUrl,
            "--chain-registry",
            network.registry,
            "--round-config",
            config.toString(),
            "--data-dir",
            dataDir.toString());
    System.out.println(out);
    return code;
  }
}
