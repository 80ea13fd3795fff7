package io.d2ora.p2p.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.Toolchain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A js-libp2p peer ({@code p2p/src/test/js/peer.mjs}) in a child process, driven through its
 * JSON-line protocol, with the project root as working directory so {@code node_modules} resolves.
 * Tests using it declare {@code @RequiresRealComponents(RealComponent.JS_LIBP2P)}: where Node 22 or
 * the npm packages are missing they fail in CI ({@code CI=true}) and are skipped elsewhere.
 */
public final class JsPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer stdin;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong();
  private final PeerId peerId;
  private final Multiaddr address;

  private JsPeer(Process process, Duration startTimeout) throws Exception {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread out = new Thread(this::readStdout, "js-peer-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::readStderr, "js-peer-stderr");
    err.setDaemon(true);
    err.start();
    JsonNode ready = awaitEvent(e -> e.path("event").asText().matches("ready|fatal"), startTimeout);
    if (!ready.path("event").asText().equals("ready")) {
      throw new IllegalStateException("js peer failed to start: " + ready + "\n" + stderr());
    }
    this.peerId = PeerId.parse(ready.get("peerId").asText());
    this.address = Multiaddr.parse(ready.get("addrs").get(0).asText());
  }

  /** Starts a peer with {@code config} (see peer.mjs), e.g. {@code Map.of("listen", ...)}. */
  public static JsPeer start(Map<String, ?> config) throws Exception {
    RealComponent.JS_LIBP2P.require();
    Path root = ProjectRoot.path();
    ProcessBuilder pb =
        new ProcessBuilder(
                Toolchain.node().toString(),
                root.resolve("p2p/src/test/js/peer.mjs").toString(),
                JSON.writeValueAsString(config))
            .directory(root.toFile());
    return new JsPeer(pb.start(), Duration.ofSeconds(30));
  }

  public PeerId peerId() {
    return peerId;
  }

  /** Its listen address including {@code /p2p/<id>}. */
  public Multiaddr address() {
    return address;
  }

  /** Runs {@code cmd} with {@code args}; returns its result or throws with the peer's error. */
  public JsonNode call(String cmd, Map<String, ?> args, Duration timeout) throws Exception {
    long id = ids.incrementAndGet();
    ObjectNode msg = JSON.valueToTree(args);
    msg.put("id", id).put("cmd", cmd);
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (stdin) {
      stdin.write(JSON.writeValueAsString(msg) + "\n");
      stdin.flush();
    }
    JsonNode r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!r.path("ok").asBoolean()) {
      throw new IllegalStateException("js " + cmd + " failed: " + r.path("error").asText());
    }
    return r.path("result");
  }

  public JsonNode awaitEvent(Predicate<JsonNode> match, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new IllegalStateException("no matching js event within " + timeout + "\n" + stderr());
      }
      if (match.test(e)) {
        return e;
      }
    }
  }

  private void readStdout() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          continue; // stray output from a library
        }
        if (node.has("id") && pending.containsKey(node.get("id").asLong())) {
          pending.remove(node.get("id").asLong()).complete(node);
        } else {
          events.add(node);
        }
      }
    } catch (IOException e) {
      // process ended
    }
    pending
        .values()
        .forEach(
            f -> f.completeExceptionally(new IllegalStateException("js peer exited\n" + stderr())));
  }

  private void readStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        synchronized (stderrTail) {
          stderrTail.addLast(line);
          if (stderrTail.size() > 50) {
            stderrTail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // process ended
    }
  }

  private String stderr() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  @Override
  public void close() {
    try {
      synchronized (stdin) {
        stdin.close(); // peer.mjs stops on end of input
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
