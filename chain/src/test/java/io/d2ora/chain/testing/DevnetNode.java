package io.d2ora.chain.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One local EVM dev node process on 127.0.0.1 and a free port: {@code hardhat node} (mines a block
 * per transaction) or Foundry's {@code anvil --block-time N} (mines on a real clock). Stopped with
 * SIGTERM (then SIGKILL after 10 s), also by a shutdown hook. Raw JSON-RPC goes over HTTP/1.1
 * (Hardhat answers HTTP/2 upgrade attempts with 405).
 */
final class DevnetNode implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final int PORT_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String name;
  private final URI rpcUrl;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Thread shutdownHook;

  private DevnetNode(Process process, String name, URI rpcUrl, Path log) {
    this.process = process;
    this.name = name;
    this.rpcUrl = rpcUrl;
    this.log = log;
    this.shutdownHook = new Thread(process::destroy, name + "-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** {@code node hardhat node --hostname 127.0.0.1 --port P}, run from the project root. */
  static DevnetNode hardhat(Path root, Path node, Path hardhat) {
    return start(
        "hardhat node",
        root,
        port ->
            List.of(
                node.toString(),
                hardhat.toString(),
                "node",
                "--hostname",
                "127.0.0.1",
                "--port",
                Integer.toString(port)),
        node.getParent());
  }

  /** {@code anvil --host 127.0.0.1 --port P --block-time N --chain-id 31337}. */
  static DevnetNode anvil(Path root, Path anvil, Duration blockTime, long chainId) {
    return start(
        "anvil",
        root,
        port ->
            List.of(
                anvil.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--block-time",
                Long.toString(blockTime.toSeconds()),
                "--chain-id",
                Long.toString(chainId)),
        null);
  }

  /**
   * Starts on a free port, retrying on another when the chosen one was taken in between (other
   * processes pick free ports too); fails with the node's log when it does not come up.
   */
  private static DevnetNode start(
      String name, Path root, java.util.function.IntFunction<List<String>> command, Path binDir) {
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      DevnetNode node = launch(name, root, command.apply(port), binDir, port);
      String problem = node.awaitReady();
      if (problem == null) {
        return node;
      }
      node.close();
      failures.add("port " + port + ": " + problem);
      if (!problem.contains("in use")) {
        break;
      }
    }
    throw new IllegalStateException(
        name + " did not start (command from " + root + "): " + String.join("; ", failures));
  }

  private static DevnetNode launch(
      String name, Path root, List<String> command, Path binDir, int port) {
    try {
      Path log = Files.createTempFile("devnet-" + port + "-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      if (binDir != null) {
        builder.environment().put("PATH", binDir + ":" + System.getenv("PATH"));
      }
      return new DevnetNode(builder.start(), name, URI.create("http://127.0.0.1:" + port), log);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot launch " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
  }

  /** Null once the node answers {@code eth_chainId}; else what went wrong, with the log's tail. */
  private String awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return "exited at startup (code " + process.exitValue() + "): " + logTail();
      }
      try {
        rpc("eth_chainId", List.of());
        return null;
      } catch (IllegalStateException e) {
        sleep();
      }
    }
    return "did not answer eth_chainId within " + STARTUP_TIMEOUT + ": " + logTail();
  }

  URI rpcUrl() {
    return rpcUrl;
  }

  /** One JSON-RPC call; returns the result or throws with the node's error. */
  Object rpc(String method, List<?> params) {
    try {
      String body =
          JSON.writeValueAsString(
              Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
      HttpRequest request =
          HttpRequest.newBuilder(rpcUrl)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
      Map<?, ?> reply = JSON.readValue(response.body(), Map.class);
      if (reply.containsKey("error")) {
        throw new IllegalStateException(name + " " + method + " failed: " + reply.get("error"));
      }
      return reply.get("result");
    } catch (IOException e) {
      throw new IllegalStateException(name + " " + method + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " " + method + " interrupted", e);
    }
  }

  private String logTail() {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - 2000));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the devnet node", e);
    }
  }

  /** Stops the process (idempotent) and deletes its log. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a leftover temp log is harmless
    }
  }
}
