package io.d2ora.app.dashboard;

import io.d2ora.app.chain.ChainOptions;
import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.web3j.Web3jChainReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora dashboard}: serves the dashboard for the chain and the node data directories given,
 * until the process is stopped. Needs no key. Without a running node it knows no connections or
 * gossip scores; {@code node run --http PORT} serves the same pages with them.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the dashboard: rounds (timeline, commitments, proposals, settlement), the provenance"
          + " of each round's model, learning curves and peers, read from the chain and node data"
          + " directories. Stops on Ctrl-C."
    })
public final class DashboardCommand implements Callable<Integer> {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "node data directory with a learning log (repeatable: one per peer; default "
              + ".d2ora/node)")
  List<Path> dataDirs;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "port to serve on (default " + DEFAULT_PORT + "; 0: any free port)")
  int port = DEFAULT_PORT;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      description = "address to bind (default " + DEFAULT_HOST + ": this machine only)")
  String host = DEFAULT_HOST;

  @Mixin ChainOptions chain;

  @Override
  public Integer call() throws InterruptedException {
    ChainSettings settings = chain.settings();
    List<Path> dirs = dataDirs == null ? List.of(Path.of(".d2ora/node")) : dataDirs;
    ChainAccess access = access(settings);
    Dashboard pages = new Dashboard(access, settings.rpcUrl(), dirs, PeerSource.NONE);
    CountDownLatch stopped = new CountDownLatch(1);
    DashboardServer started;
    try {
      started = DashboardServer.start(host, port, pages);
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage(), e);
    }
    try (DashboardServer server = started) {
      Thread hook =
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    server.close();
                    access.close();
                    stopped.countDown();
                  });
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = spec.commandLine().getOut();
      for (Path dir : dirs) {
        if (!java.nio.file.Files.isRegularFile(dir.resolve(LearningLog.FILE))) {
          out.println("note: " + dir + " has no " + LearningLog.FILE + " (no curves from it)");
        }
      }
      out.println("dashboard at " + server.uri() + " (chain " + access.describe() + ")");
      out.flush();
      stopped.await();
    }
    return 0;
  }

  /** The chain read lazily, so the dashboard serves (a 503 page) while the chain is down. */
  public static ChainAccess access(ChainSettings settings) {
    ChainConfig config = settings.config(Duration.ofSeconds(2));
    return new ChainAccess(() -> Web3jChainReader.connect(config), settings.rpcUrl().toString());
  }
}
