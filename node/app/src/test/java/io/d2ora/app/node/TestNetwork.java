package io.d2ora.app.node;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.D2ora;
import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.ledger.ChainRoundReader;
import io.d2ora.app.testing.ScriptedDevnet;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.Nd4jRuntime;
import io.d2ora.core.round.RoundId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import picocli.CommandLine;

/**
 * The acceptance tests' world: a real Hardhat chain on a free port with the registry deployed and
 * five staked accounts ({@code scripts/devnet.sh}), the real base model loaded once, and peers
 * ({@link TestPeer}) that run real nodes in this JVM over real loopback sockets.
 *
 * <p>DSL: {@code network.start(a, b, c)}; {@code b.awaitOutcome(round(1))}.
 */
final class TestNetwork implements AutoCloseable {
  static final long CHAIN_ID = 31337;
  final Path root;
  final Path work;
  final BaseModel base;
  final String rpcUrl;
  final String registry;
  final List<String> keys;
  private final String stakeToken;
  private final Path devnetFile;

  private TestNetwork(Path root, Path work, BaseModel base, JsonNode devnet, Path devnetFile) {
    this.root = root;
    this.work = work;
    this.base = base;
    this.rpcUrl = devnet.get("rpcUrl").asText();
    this.registry = devnet.get("registryAddress").asText();
    this.keys =
        new CopyOnWriteArrayList<>(
            devnet.get("accountPrivateKeys").valueStream().map(JsonNode::asText).toList());
    this.stakeToken = devnet.get("stakeTokenAddress").asText();
    this.devnetFile = devnetFile;
  }

  /**
   * Starts the chain and loads the model. Without Hardhat or the model: skipped on a developer's
   * machine, failed in CI (CI=true) with what is missing.
   */
  static TestNetwork start(Path work) throws Exception {
    Path root = projectRoot();
    require(
        Files.isExecutable(root.resolve("node_modules/.bin/hardhat")),
        "Hardhat (run scripts/setup.sh)");
    Path model = root.resolve(".cache/models/all-minilm-l6-v2");
    require(
        Files.isRegularFile(model.resolve(BaseModel.MODEL_FILE)),
        "the base model in " + model + " (run scripts/setup.sh)");
    require(
        Files.isRegularFile(root.resolve(".cache/data/imdb/train.jsonl")),
        "the sentiment data (run scripts/setup.sh)");
    Path devnetFile = ScriptedDevnet.start(root, work);
    Nd4jRuntime.configure(0);
    BaseModel base = BaseModel.load(model);
    JsonNode devnet = new ObjectMapper().readTree(devnetFile.toFile());
    return new TestNetwork(root, work, base, devnet, devnetFile);
  }

  private static void require(boolean present, String what) {
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        fail("missing " + what);
      }
      assumeTrue(false, "missing " + what);
    }
  }

  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scripts/devnet.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find the project root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** Writes a round config with the given aggregation strategy and a tiny training budget. */
  Path roundConfig(String strategy) throws IOException {
    Path file = work.resolve("round-" + strategy.replace(':', '_') + ".json");
    Files.writeString(
        file,
        "{\"aggregation\": \""
            + strategy
            + "\", \"training\": {\"base_model\": \"all-minilm-l6-v2\", \"lora_r\": 2,"
            + " \"lora_alpha\": 4, \"lora_dropout\": 0.0, \"use_dora\": true,"
            + " \"target_modules\": [\"query\", \"value\"], \"learning_rate\": 0.003,"
            + " \"num_epochs\": 1, \"batch_size\": 8, \"max_seq_len\": 16,"
            + " \"max_train_samples\": 16, \"seed\": 7}}");
    return file;
  }

  /** A peer signing with devnet account {@code account} (1..4), training on {@code domain}. */
  TestPeer peer(String name, int account, String domain, Path roundConfig) {
    return new TestPeer(this, name, account, domain, roundConfig);
  }

  /**
   * Funds and stakes {@code count} more accounts (100 tokens each) and returns the account numbers
   * {@link #peer} takes for them.
   */
  List<Integer> addAccounts(String label, int count) {
    int first = keys.size();
    keys.addAll(
        DevnetAccounts.create(
            rpcUrl, CHAIN_ID, registry, stakeToken, keys.get(0), label, count, 100));
    return IntStream.range(first, first + count).boxed().toList();
  }

  void start(TestPeer... peers) throws Exception {
    for (TestPeer p : peers) {
      p.start();
    }
  }

  static RoundId round(long id) {
    return RoundId.of(id);
  }

  /** The chain read without a key, as {@code d2ora verify} reads it. */
  ChainRoundReader reader() {
    Map<String, Object> flags = Map.of("chain-devnet-file", devnetFile.toString());
    return ChainSettings.resolve(new Settings(flags, Map.of(), Optional.empty()))
        .roundReader(Duration.ofMillis(200));
  }

  /** What a CLI command printed, and its exit code. */
  record CliResult(int code, String out) {}

  /**
   * Runs {@code d2ora args...} against this chain (the chain flags are added; sign with {@code
   * --chain-devnet-account N}).
   */
  CliResult cli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--chain-rpc-url",
            rpcUrl,
            "--chain-registry",
            registry,
            "--chain-devnet-file",
            devnetFile.toString()));
    int code = cli.execute(all.toArray(String[]::new));
    return new CliResult(code, out.toString());
  }

  /** Moves chain time forward by {@code seconds} and mines a block (the devnet's own RPC). */
  void increaseTime(long seconds) throws IOException, InterruptedException {
    for (String[] call :
        new String[][] {{"evm_increaseTime", "[" + seconds + "]"}, {"evm_mine", "[]"}}) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
              + call[0]
              + "\",\"params\":"
              + call[1]
              + "}";
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(rpcUrl))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.body().contains("\"error\"")) {
        throw new IllegalStateException(call[0] + " failed: " + r.body());
      }
    }
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("bash", "scripts/devnet.sh", "--stop", "--out", devnetFile.toString())
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }
}
