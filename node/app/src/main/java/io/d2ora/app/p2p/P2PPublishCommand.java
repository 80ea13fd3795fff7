package io.d2ora.app.p2p;

import io.d2ora.app.cli.UserException;
import io.d2ora.p2p.pubsub.PublishResult;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora p2p publish}: connects to the given peers, waits until at least one of them is known
 * to be on the topic, publishes one signed message and prints {@code {"id":..,"peers":n}}.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publish one message on a pubsub topic.")
public final class P2PPublishCommand implements Runnable {
  private static final Duration FLUSH_GRACE = Duration.ofMillis(500);

  @Spec CommandSpec spec;

  @Mixin PubSubNodeOptions node;

  @Option(names = "--topic", required = true, description = "Topic to publish on.")
  String topic;

  @Option(
      names = "--data",
      required = true,
      description = "Payload: UTF-8 text, or hex with --data-hex.")
  String data;

  @Option(names = "--data-hex", description = "Treat --data as hex bytes.")
  boolean hex;

  @Option(
      names = "--timeout",
      defaultValue = "PT10S",
      description = "How long to wait for a subscribed peer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public void run() {
    byte[] payload = payload();
    PrintWriter out = spec.commandLine().getOut();
    try (PubSubNode started = PubSubNode.start(node)) {
      awaitTopicPeer(started);
      PublishResult result =
          started.pubsub.publish(topic, payload).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Thread.sleep(FLUSH_GRACE.toMillis());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("topic", topic);
      fields.put("id", result.id().toString());
      fields.put("peers", result.peers());
      out.println(Json.object(fields));
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("publish did not complete: " + e, e);
    }
  }

  private byte[] payload() {
    if (!hex) {
      return data.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return HexFormat.of().parseHex(data);
    } catch (IllegalArgumentException e) {
      throw new UserException("--data is not hex: " + e.getMessage());
    }
  }

  private void awaitTopicPeer(PubSubNode started) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (started.pubsub.peers(topic).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new UserException(
            "no peer subscribed to '%s' within %s (is --p2p-peer right?)"
                .formatted(topic, timeout));
      }
      Thread.sleep(50);
    }
  }
}
