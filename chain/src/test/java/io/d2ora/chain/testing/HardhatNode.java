package io.d2ora.chain.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code hardhat node} process on 127.0.0.1:port, started with the project's Node 22 and
 * stopped with SIGTERM. Raw JSON-RPC goes over HTTP/1.1 (Hardhat answers HTTP/2 upgrade attempts
 * with 405).
 */
final class HardhatNode implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI rpcUrl;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Thread shutdownHook;

  private HardhatNode(Process process, URI rpcUrl, Path log) {
    this.process = process;
    this.rpcUrl = rpcUrl;
    this.log = log;
    this.shutdownHook = new Thread(process::destroy, "hardhat-node-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static HardhatNode start(Path root, Path nodeBin, Path hardhat, int port) {
    try {
      Path log = Files.createTempFile("hardhat-node-" + port + "-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  nodeBin.toString(),
                  hardhat.toString(),
                  "node",
                  "--hostname",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(port))
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("PATH", nodeBin.getParent() + ":" + System.getenv("PATH"));
      HardhatNode node =
          new HardhatNode(builder.start(), URI.create("http://127.0.0.1:" + port), log);
      node.awaitReady();
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start hardhat node: " + e.getMessage(), e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        close();
        throw new IllegalStateException("hardhat node exited at startup: " + logTail());
      }
      try {
        rpc("eth_chainId", List.of());
        return;
      } catch (IllegalStateException e) {
        sleep();
      }
    }
    close();
    throw new IllegalStateException(
        "hardhat node did not answer within " + STARTUP_TIMEOUT + ": " + logTail());
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
        throw new IllegalStateException(method + " failed: " + reply.get("error"));
      }
      return reply.get("result");
    } catch (IOException e) {
      throw new IllegalStateException(method + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
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

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the hardhat node", e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
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
