package io.d2ora.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import io.d2ora.app.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A node whose round config needs more memory than this machine has refuses to start: through the
 * whole command line, with the real model loaded and the machine's real {@code /proc/meminfo}. Its
 * chain endpoint is a closed port, so the refusal comes before the node touches chain or network.
 */
class NodeMemoryRefusalTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseARoundConfigTheMachineCannotHold() throws Exception {
    // 100,000 texts of 512 tokens a batch: terabytes of activations, more than any test machine.
    Path round =
        Files.writeString(
            dir.resolve("round.json"),
            """
            {"aggregation": "fedavg", "training": {"base_model": "all-minilm-l6-v2", "lora_r": 2,
             "target_modules": ["query", "value"], "batch_size": 100000, "max_seq_len": 512}}
            """);
    Path key = Files.writeString(dir.resolve("node.key"), "0x" + "11".repeat(32) + "\n");
    Path dataDir = dir.resolve("node");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "node",
            "run",
            "--chain-rpc-url",
            "http://127.0.0.1:1",
            "--chain-registry",
            "0x" + "22".repeat(20),
            "--chain-key-file",
            key.toString(),
            "--round-config",
            round.toString(),
            "--data-path",
            dir.toString(),
            "--data-dir",
            dataDir.toString());

    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.USER_ERROR);
    assertThat(err.toString().lines()).as(err.toString()).hasSize(1);
    assertThat(err.toString())
        .startsWith("error: this machine cannot hold the node: its round config needs about")
        .contains("for batches of 100000 x 512 tokens")
        .contains("available in /proc/meminfo");
    assertThat(out.toString()).as("no node event: nothing started").isEmpty();
    assertThat(dataDir).as("nothing written").doesNotExist();
  }
}
