package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora chain devnet}: runs scripts/devnet.sh, which starts a Hardhat node in the
 * background, deploys the registry with Ignition and writes the devnet file the other commands
 * read.
 */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Start a local Hardhat chain with the registry deployed (scripts/devnet.sh).")
public final class ChainDevnetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--chain-port",
      defaultValue = "8545",
      description = "Port of the node (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--stake", description = "Tokens each devnet account stakes after deployment.")
  Integer stake;

  @Option(
      names = "--chain-devnet-file",
      description = "Where to write the devnet description (default .d2ora/devnet.json).")
  Path devnetFile;

  @Option(names = "--stop", description = "Stop the running devnet instead.")
  boolean stop;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String home = System.getProperty("d2ora.home");
    Path script = home == null ? null : Path.of(home, "scripts", "devnet.sh");
    if (script == null || !Files.isExecutable(script)) {
      throw new UserException(
          "scripts/devnet.sh not found: run d2ora through scripts/d2ora (sets d2ora.home)");
    }
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(
        List.of(
            "--out",
            (devnetFile == null ? ChainSettings.defaultDevnetFile() : devnetFile)
                .toAbsolutePath()
                .toString()));
    if (stop) {
      command.add("--stop");
    } else {
      command.addAll(List.of("--port", Integer.toString(port)));
      if (stake != null) {
        command.addAll(List.of("--stake", stake.toString()));
      }
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var output = process.inputReader()) {
      output.lines().forEach(spec.commandLine().getOut()::println);
    }
    int exit = process.waitFor();
    if (exit != 0) {
      throw new UserException("scripts/devnet.sh failed with exit code " + exit);
    }
    return 0;
  }
}
