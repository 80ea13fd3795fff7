package io.d2ora.app.p2p;

import io.d2ora.p2p.pubsub.PubSubMessage;
import io.d2ora.p2p.pubsub.Validator;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora p2p subscribe}: joins a gossipsub topic and prints each message as one JSON line
 * ({@code topic, from, seqno, id, data} with UTF-8 text in {@code data}, or {@code data_base64} for
 * binary payloads). The listen multiaddrs go to stderr, so stdout stays machine-readable.
 */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    description = "Subscribe to a pubsub topic and print its messages as JSON lines.")
public final class P2PSubscribeCommand implements Runnable {

  @Spec CommandSpec spec;

  @Mixin PubSubNodeOptions node;

  @Option(names = "--topic", required = true, description = "Topic to subscribe to.")
  String topic;

  @Option(
      names = "--count",
      description = "Exit after this many messages (default: run until killed).")
  int count;

  @Option(
      names = "--timeout",
      description = "Give up after this long, e.g. PT30S (default: no limit).")
  Duration timeout;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch done = new CountDownLatch(count > 0 ? count : Integer.MAX_VALUE);
    AtomicInteger printed = new AtomicInteger();
    try (PubSubNode started = PubSubNode.start(node)) {
      started.addresses().forEach(a -> err.println("listening on " + a));
      err.flush();
      started.pubsub.subscribe(
          topic,
          Validator.ACCEPT_ALL,
          message -> {
            synchronized (out) {
              out.println(line(message));
              out.flush();
            }
            printed.incrementAndGet();
            done.countDown();
          });
      await(done, err);
    }
  }

  private void await(CountDownLatch done, PrintWriter err) {
    try {
      if (timeout == null) {
        done.await();
      } else if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        err.println("timed out after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String line(PubSubMessage message) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("topic", message.topic());
    fields.put("from", message.author().toString());
    fields.put("seqno", message.seqno());
    fields.put("id", message.id().toString());
    try {
      fields.put(
          "data",
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(message.data())).toString());
    } catch (CharacterCodingException e) {
      fields.put("data_base64", Base64.getEncoder().encodeToString(message.data()));
    }
    return Json.object(fields);
  }
}
