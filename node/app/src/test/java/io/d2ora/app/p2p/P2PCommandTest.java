package io.d2ora.app.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.app.D2ora;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class P2PCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = D2ora.commandLine();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldPrintStablePeerIdForKeyFile() {
    String file = dir.resolve("node.key").toString();
    Run first = run(new StringWriter(), "p2p", "id", "--p2p-key-file", file, "--json");
    Run second = run(new StringWriter(), "p2p", "id", "--p2p-key-file", file);

    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("\"keyType\":\"ed25519\"");
    assertThat(first.out()).contains("\"peerId\":\"" + second.out().trim() + "\"");
  }

  @Test
  void shouldRejectCorruptKeyFileAsUserError() throws Exception {
    Path file = dir.resolve("bad.key");
    java.nio.file.Files.write(file, new byte[] {1, 2, 3});

    Run r = run(new StringWriter(), "p2p", "id", "--p2p-key-file", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a libp2p private key");
  }

  @Test
  void shouldReportBadAddressAsUserError() {
    Run r = run(new StringWriter(), "p2p", "ping", "/nope/1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad multiaddr");
  }
}
