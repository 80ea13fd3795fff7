package io.d2ora.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure side of the dashboard: renderers, path checks and error pages, without sockets. */
class DashboardPagesTest {
  private static final String SCRIPT = "<script>alert(\"x\")</script>";

  @TempDir Path dir;

  @Test
  void shouldEscapeEveryPeerProvidedString() {
    PeerSource.LivePeer hostile =
        new PeerSource.LivePeer(
            SCRIPT,
            List.of("/ip4/1.2.3.4/tcp/1/" + SCRIPT),
            "connected",
            OptionalDouble.of(-3),
            "agent" + SCRIPT + "'\"&");
    PeersPage.Registered registered =
        new PeersPage.Registered("0xabc" + SCRIPT, SCRIPT, List.of(SCRIPT), false, 7);

    String page = PeersPage.render(Optional.of(List.of(hostile)), List.of(registered));

    assertThat(page).doesNotContain("<script").contains("&lt;script&gt;alert(&quot;x&quot;)");
    assertThat(page).contains("agent&lt;script&gt;").contains("&#39;&quot;&amp;");
  }

  @Test
  void shouldSayWhatTheStandaloneDashboardCannotKnow() {
    String page = PeersPage.render(Optional.empty(), List.of());

    assertThat(page).contains("id=\"live-unknown\"").contains("node run --http");
  }

  @Test
  void shouldShowAnInvalidPeerIdAsHex() {
    assertThat(PeersPage.peerIdText("3c7363726970743e"))
        .isEqualTo("invalid peer ID 0x3c7363726970743e");
  }

  @Test
  void shouldRejectHostilePathsAndIds() {
    for (String path :
        List.of(
            "/rounds/../etc",
            "/rounds/./1",
            "/a%2e%2e",
            "/x?y",
            "/<script>",
            "/" + "a".repeat(300))) {
      assertThatThrownBy(() -> Paths.checked(path))
          .as(path)
          .isInstanceOfSatisfying(
              DashboardException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
    for (String id : List.of("0", "-1", "01", "1e3", "9".repeat(19), "", "１")) {
      assertThatThrownBy(() -> Paths.roundId(id))
          .as(id)
          .isInstanceOfSatisfying(
              DashboardException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
    assertThat(Paths.roundId("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
    assertThat(Paths.checked("/rounds/12/provenance")).isEqualTo("/rounds/12/provenance");
  }

  @Test
  void shouldQuoteABoundedEscapedPrefixOfABadId() throws IOException {
    HttpReply reply =
        DashboardServer.answer(
            path -> {
              Paths.roundId(SCRIPT.repeat(10));
              return null;
            },
            "/rounds/x");

    assertThat(reply.status()).isEqualTo(400);
    String body = body(reply);
    assertThat(body).doesNotContain("<script").contains("…");
  }

  @Test
  void shouldHideInternalsWhenAPageFails() throws IOException {
    HttpReply reply =
        DashboardServer.answer(
            path -> {
              throw new IllegalStateException("secret at io.d2ora.Foo(Foo.java:12)");
            },
            "/rounds");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(body(reply)).doesNotContain("secret").doesNotContain("Foo.java");
  }

  @Test
  void shouldReadBackTheLearningLogAndSkipATornLine() throws IOException {
    LearningLog log = new LearningLog(dir);
    log.trained(1, "0xaa", 0.7, 0.6, 16);
    log.round(1, "0xaa", null, "0x" + "1".repeat(64), 0.65);
    log.trained(2, "0xaa", 0.5, null, 16);
    Files.writeString(
        dir.resolve(LearningLog.FILE),
        "{\"round\": 3, \"ki",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    LearningLog.Entries e = LearningLog.read(List.of(dir, dir.resolve("missing")));

    assertThat(e.trained()).hasSize(2);
    assertThat(e.trained().get(1).accuracy()).isEmpty();
    assertThat(e.rounds())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.startFrom()).isEmpty();
              assertThat(r.aggregateAccuracy()).hasValue(0.65);
            });
  }

  @Test
  void shouldPlotOneLinePerPeerAndEscapeNames() throws IOException {
    LearningLog log = new LearningLog(dir);
    log.trained(1, "0xaa" + SCRIPT, 0.7, 0.6, 16);
    log.trained(2, "0xaa" + SCRIPT, 0.5, 0.7, 16);
    log.trained(1, "0xbb", 0.8, 0.5, 16);

    String page = CurvesPage.render(LearningLog.read(List.of(dir)), List.of(dir + SCRIPT));

    assertThat(page).doesNotContain("<script");
    assertThat(page.split("<polyline class=\"series\"", -1)).hasSize(1 + 2 + 2);
  }

  @Test
  void shouldSayWhenNoCurveWasRecorded() {
    String page = CurvesPage.render(new LearningLog.Entries(List.of(), List.of()), List.of("d"));

    assertThat(page).contains("no data recorded");
  }

  private static String body(HttpReply reply) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reply.body().writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
