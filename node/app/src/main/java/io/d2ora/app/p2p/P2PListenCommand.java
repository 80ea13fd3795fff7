package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.Connection;
import io.d2ora.p2p.ConnectionListener;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.PeerInfo;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora p2p listen}: starts a bare node (identify, ping), prints its full multiaddrs and
 * then one line per connection event until interrupted or {@code --p2p-duration} elapses.
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Listen for libp2p connections and print the dialable addresses.")
public final class P2PListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin P2PKeyOptions key;

  @Option(
      names = "--p2p-listen",
      defaultValue = P2PConfig.DEFAULT_LISTEN_ADDRESS,
      description = "Listen multiaddr (default ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--p2p-duration",
      defaultValue = "0",
      description = "Seconds to run; 0 runs until interrupted.")
  long durationSeconds;

  @Option(names = "--json", description = "Print JSON lines.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    P2PConfig config;
    try {
      config = P2PConfig.builder(key.load()).listenAddress(listen).build();
    } catch (P2PException e) {
      throw new UserException("bad --p2p-listen: " + e.getMessage(), e);
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (P2PNetwork network = P2PNetworkBuilder.create(config).build()) {
      network.addConnectionListener(new Printer(out));
      start(network);
      for (Multiaddr a : network.listenAddresses()) {
        String full = network.localPeerId().appendTo(a).toString();
        out.println(json ? "{\"event\":\"listening\",\"address\":\"" + full + "\"}" : full);
      }
      out.flush();
      Thread hook = new Thread(stop::countDown, "d2ora-p2p-listen-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (durationSeconds > 0) {
          stop.await(durationSeconds, TimeUnit.SECONDS);
        } else {
          stop.await();
        }
      } finally {
        removeHook(hook);
      }
    }
    return 0;
  }

  private static void start(P2PNetwork network) throws InterruptedException {
    try {
      network.start().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new UserException("cannot listen: " + e.getMessage(), e);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
  }

  private final class Printer implements ConnectionListener {
    private final PrintWriter out;

    Printer(PrintWriter out) {
      this.out = out;
    }

    private void print(String event, Connection c, String extra) {
      String line =
          json
              ? "{\"event\":\""
                  + event
                  + "\",\"peerId\":\""
                  + c.remotePeer()
                  + "\",\"address\":\""
                  + c.remoteAddress()
                  + "\""
                  + extra
                  + "}"
              : event + " " + c.remotePeer() + " " + c.remoteAddress();
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }

    @Override
    public void onConnected(Connection connection) {
      print("connected", connection, "");
    }

    @Override
    public void onDisconnected(Connection connection) {
      print("disconnected", connection, "");
    }

    @Override
    public void onIdentified(Connection connection, PeerInfo info) {
      print(
          "identified",
          connection,
          ",\"agentVersion\":\"" + info.agentVersion().replace("\"", "'") + "\"");
    }
  }
}
