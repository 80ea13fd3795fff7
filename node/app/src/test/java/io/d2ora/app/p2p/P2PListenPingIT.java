package io.d2ora.app.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code p2p listen} and {@code p2p ping} against each other over loopback. */
class P2PListenPingIT {
  private record Run(int code, String out, String err) {}

  private static Run run(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldListenAndAnswerPing() throws Exception {
    StringWriter listenOut = new StringWriter();
    CompletableFuture<Run> listener =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    listenOut,
                    "p2p",
                    "listen",
                    "--p2p-listen",
                    "/ip4/127.0.0.1/tcp/0",
                    "--p2p-duration",
                    "8"));
    Matcher m = Pattern.compile("(/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/\\w+)").matcher("");
    for (int i = 0; i < 300 && !m.reset(listenOut.toString()).find() && !listener.isDone(); i++) {
      Thread.sleep(50);
    }
    assertThat(m.reset(listenOut.toString()).find())
        .as("listen printed an address: %s %s", listenOut, listener.isDone() ? listener.join() : "")
        .isTrue();
    String address = m.group(1);

    Run ping = run(new StringWriter(), "p2p", "ping", address, "--count", "2");

    assertThat(ping.code()).as(ping.err()).isZero();
    assertThat(ping.out()).contains("connected to ").contains("pong 0:").contains("pong 1:");
    listener.cancel(true);
  }
}
