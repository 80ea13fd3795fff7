package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.Connection;
import io.d2ora.p2p.P2PConfig;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.transport.P2PNetworkBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code d2ora p2p ping <multiaddr>}: dials a peer and measures ping round trips. */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Dial a peer and ping it.")
public final class P2PPingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin P2PKeyOptions key;

  @Parameters(
      index = "0",
      description = "Peer multiaddr, e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...")
  String address;

  @Option(
      names = "--count",
      defaultValue = "3",
      description = "Pings to send (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--json", description = "Print JSON lines.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    Multiaddr target;
    try {
      target = Multiaddr.parse(address);
    } catch (P2PException e) {
      throw new UserException("bad multiaddr: " + e.getMessage(), e);
    }
    if (count < 1) {
      throw new UserException("--count must be >= 1, got " + count);
    }
    PrintWriter out = spec.commandLine().getOut();
    P2PConfig config = P2PConfig.builder(key.load()).listenAddresses(List.of()).build();
    try (P2PNetwork network = P2PNetworkBuilder.create(config).build()) {
      network.start().get(10, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      Connection c =
          network.dial(target).get(config.dialTimeout().toSeconds() + 5, TimeUnit.SECONDS);
      Duration handshake = Duration.ofNanos(System.nanoTime() - t0);
      out.println(
          json
              ? "{\"event\":\"connected\",\"peerId\":\""
                  + c.remotePeer()
                  + "\",\"ms\":"
                  + millis(handshake)
                  + "}"
              : "connected to " + c.remotePeer() + " in " + millis(handshake) + " ms");
      for (int i = 0; i < count; i++) {
        Duration rtt = network.ping(c.remotePeer()).get(10, TimeUnit.SECONDS);
        out.println(
            json
                ? "{\"event\":\"pong\",\"seq\":" + i + ",\"ms\":" + millis(rtt) + "}"
                : "pong " + i + ": " + millis(rtt) + " ms");
        out.flush();
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new UserException("ping " + address + " failed: " + cause.getMessage(), cause);
    }
    return 0;
  }

  private static String millis(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3f", d.toNanos() / 1e6);
  }
}
