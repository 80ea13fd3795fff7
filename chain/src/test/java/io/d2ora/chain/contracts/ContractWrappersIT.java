package io.d2ora.chain.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import io.d2ora.testing.Toolchain;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails when a committed wrapper no longer matches the contract it wraps: compiles the contracts
 * with Hardhat (incremental: fast when nothing changed), then compares each wrapper's embedded
 * bytecode with the artifact's. Fix by running scripts/generate-wrappers.sh.
 */
@RequiresRealComponents(RealComponent.HARDHAT)
class ContractWrappersIT {
  private static Path root;

  @BeforeAll
  static void compile() throws Exception {
    root = ProjectRoot.path();
    Process compile =
        new ProcessBuilder(
                Toolchain.node().toString(), Toolchain.hardhat().toString(), "compile", "--quiet")
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
