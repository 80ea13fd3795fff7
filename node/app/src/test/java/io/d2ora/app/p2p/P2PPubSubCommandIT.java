package io.d2ora.app.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code p2p subscribe} receives what {@code p2p publish} sends, over loopback. */
class P2PPubSubCommandIT {
  private record Run(int code, String out, String err) {}

  private static Run run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldPrintPublishedMessageAsJsonLine() throws Exception {
    StringWriter subOut = new StringWriter();
    StringWriter subErr = new StringWriter();
    CompletableFuture<Run> subscriber =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    subOut,
                    subErr,
                    "p2p",
                    "subscribe",
                    "--topic",
                    "d2ora/cli",
                    "--p2p-listen",
                    "/ip4/127.0.0.1/tcp/0",
                    "--count",
                    "1",
                    "--timeout",
                    "PT30S"));
    Matcher m =
        Pattern.compile("listening on (/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/\\w+)").matcher("");
    for (int i = 0; i < 300 && !m.reset(subErr.toString()).find() && !subscriber.isDone(); i++) {
      Thread.sleep(50);
    }
    assertThat(m.reset(subErr.toString()).find()).as("subscriber address: %s", subErr).isTrue();

    Run publish =
        run(
            new StringWriter(),
            new StringWriter(),
            "p2p",
            "publish",
            "--topic",
            "d2ora/cli",
            "--data",
            "hi \"there\"",
            "--p2p-peer",
            m.group(1));

    assertThat(publish.code()).as(publish.err()).isZero();
    assertThat(publish.out()).contains("\"peers\":1");
    Run received = subscriber.get(30, TimeUnit.SECONDS);
    assertThat(received.code()).as(received.err()).isZero();
    assertThat(received.out().strip())
        .startsWith("{\"topic\":\"d2ora/cli\",\"from\":\"")
        .contains("\"data\":\"hi \\\"there\\\"\"")
        .endsWith("}");
  }
}
