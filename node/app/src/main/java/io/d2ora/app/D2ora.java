package io.d2ora.app;

import io.d2ora.app.adapter.AdapterCommand;
import io.d2ora.app.chain.ChainCommand;
import io.d2ora.app.chain.KeyCommand;
import io.d2ora.app.chain.RoundCommand;
import io.d2ora.app.chain.StakeCommand;
import io.d2ora.app.cli.ExitCodes;
import io.d2ora.app.cli.VersionProvider;
import io.d2ora.app.dashboard.DashboardCommand;
import io.d2ora.app.demo.DemoCommand;
import io.d2ora.app.node.NodeCommand;
import io.d2ora.app.p2p.P2PCommand;
import io.d2ora.app.train.EvalCommand;
import io.d2ora.app.train.PredictCommand;
import io.d2ora.app.train.TrainCommand;
import io.d2ora.app.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code d2ora} root command. Subcommands own their work; this class only wires them. */
@Command(
    name = "d2ora",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Decentralized DoRA fine-tuning: train, commit, exchange, aggregate and verify.",
    subcommands = {
      CommandLine.HelpCommand.class,
      KeyCommand.class,
      StakeCommand.class,
      RoundCommand.class,
      ChainCommand.class,
      AdapterCommand.class,
      P2PCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      NodeCommand.class,
      VerifyCommand.class,
      DemoCommand.class,
      DashboardCommand.class
    })
public final class D2ora {

  /** Builds the command line with the project's exit-code and error conventions. */
  public static CommandLine commandLine() {
    return ExitCodes.configure(new CommandLine(new D2ora()));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
