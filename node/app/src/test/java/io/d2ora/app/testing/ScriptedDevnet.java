package io.d2ora.app.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a devnet the way an operator does, through {@code scripts/devnet.sh}: a Hardhat node on a
 * free loopback port, the contracts deployed and the test accounts funded and staked. Stop it with
 * {@code scripts/devnet.sh --stop --out <file>}.
 */
public final class ScriptedDevnet {
  private ScriptedDevnet() {}

  /** Starts the devnet and returns the devnet file it wrote into {@code work}. */
  public static Path start(Path root, Path work) throws IOException, InterruptedException {
    Path devnetFile = work.resolve("devnet.json");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                "bash",
                "scripts/devnet.sh",
                "--port",
                Integer.toString(port),
                "--out",
                devnetFile.toString(),
                "--stake",
                "100")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("devnet.out").toFile())
            .start();
    if (p.waitFor() != 0) {
      fail("scripts/devnet.sh failed: " + Files.readString(work.resolve("devnet.out")));
    }
    return devnetFile;
  }
}
