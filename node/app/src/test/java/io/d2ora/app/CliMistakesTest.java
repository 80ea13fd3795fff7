package io.d2ora.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Mistakes a new user makes, each driven through the whole command line: every one is a single
 * {@code error:} line saying what is wrong, and exit code 2. None needs a chain or a model.
 */
class CliMistakesTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  private int run(String... args) {
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** The one line the command printed, after checking it is one line and the exit code 2. */
  private String oneErrorLine(int exitCode) {
    assertThat(exitCode).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().lines()).as(err.toString()).hasSize(1);
    assertThat(out.toString()).isEmpty();
    return err.toString().strip();
  }

  private static Path projectFile(String relative) {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve(relative))) {
      root = root.getParent();
    }
    return root.resolve(relative);
  }

  @Test
  void shouldSayUnknownCommandWhenATypoComesWithHelp() {
    assertThat(oneErrorLine(run("dashbord", "--help")))
        .isEqualTo(
            "error: unknown command 'dashbord' for 'd2ora' (did you mean 'dashboard'?);"
                + " see 'd2ora --help'");
  }

  @Test
  void shouldSayWhenTheDashboardPortIsTaken() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      assertThat(
              oneErrorLine(
                  run(
                      "dashboard",
                      "--http-port",
                      String.valueOf(port),
                      "--data-dir",
                      dir.toString(),
                      "--chain-rpc-url",
                      "http://127.0.0.1:1",
                      "--chain-registry",
                      "0x" + "1".repeat(40))))
          .startsWith("error: cannot serve the dashboard on 127.0.0.1:" + port);
    }
  }

  @Test
  void shouldSuggestTheCloseCommandOrOption() {
    assertThat(oneErrorLine(run("verfy", "round", "1")))
        .isEqualTo(
            "error: unknown command 'verfy' for 'd2ora' (did you mean 'verify'?);"
                + " see 'd2ora --help'");
    err.getBuffer().setLength(0);
    assertThat(oneErrorLine(run("round", "list", "--chain-registy", "0x00")))
        .startsWith(
            "error: unknown option '--chain-registy' for 'd2ora round list' (did you mean"
                + " '--chain-registry'?)");
  }

  @Test
  void shouldListTheCommandsWhenOneIsMissing() {
    assertThat(oneErrorLine(run("stake")))
        .isEqualTo(
            "error: 'd2ora stake' needs a command: deposit, withdraw, show;"
                + " see 'd2ora stake --help'");
  }

  @Test
  void shouldRefuseATrainingConfigWhereARoundConfigBelongs() {
    Path smoke = projectFile("configs/smoke.json");

    String line =
        oneErrorLine(
            run(
                "verify",
                "round",
                "1",
                "--chain-registry",
                "0x" + "11".repeat(20),
                "--round-config",
                smoke.toString()));

    assertThat(line)
        .startsWith("error: round config " + smoke + " is a training config")
        .contains("{\"aggregation\": \"fedavg\", \"training\": {");
  }

  @Test
  void shouldSayNoSuchFileWhenTheTrainingConfigIsMissing() {
    Path missing = dir.resolve("missing.json");

    assertThat(oneErrorLine(run("train", "--config", missing.toString())))
        .isEqualTo("error: no such training config: " + missing);
  }

  @Test
  void shouldNameTheLineOfBrokenJsonInEveryConfig() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"lora_r\": 4,\n");

    assertThat(oneErrorLine(run("train", "--config", broken.toString())))
        .startsWith("error: training config " + broken + " is not valid JSON: line 2, column 1:");
    err.getBuffer().setLength(0);
    assertThat(oneErrorLine(run("node", "run", "--config", broken.toString())))
        .startsWith("error: config file " + broken + " is not valid JSON: line 2, column 1:");
    err.getBuffer().setLength(0);
    assertThat(oneErrorLine(run("verify", "round", "1", "--round-config", broken.toString())))
        .startsWith("error: round config " + broken + " is not valid JSON: line 2, column 1:");
  }

  @Test
  void shouldCheckInputFilesBeforeLoadingTheModel() throws Exception {
    Path adapter = Files.write(dir.resolve("a.safetensors"), new byte[8]);
    Path missing = dir.resolve("test.jsonl");

    assertThat(
            oneErrorLine(
                run("demo", "score", "--adapter", "a=" + adapter, "--data", "d=" + missing)))
        .isEqualTo("error: no such data file: " + missing);
  }

  @Test
  void shouldNameAMissingKeyFileOfANode() {
    Path key = dir.resolve("node.key");

    assertThat(
            oneErrorLine(
                run(
                    "node",
                    "run",
                    "--chain-registry",
                    "0x" + "11".repeat(20),
                    "--chain-key-file",
                    key.toString(),
                    "--round-config",
                    "round.json",
                    "--data-path",
                    "data")))
        .isEqualTo("error: no such key file: " + key);
  }

  @Test
  void shouldRejectAMalformedFlagValue() {
    assertThat(oneErrorLine(run("round", "status", "1", "--chain-id", "mainnet")))
        .startsWith("error: Invalid value for option '--chain-id': 'mainnet' is not a long");
  }
}
