package io.d2ora.app.node;

import static io.d2ora.app.node.TestNetwork.round;
import static io.d2ora.core.round.RoundOutcome.Result.FINALIZED;
import static io.d2ora.core.round.RoundOutcome.Result.VERIFIED;
import static io.d2ora.testing.RealComponent.ANVIL;
import static io.d2ora.testing.RealComponent.BASE_MODEL;
import static io.d2ora.testing.RealComponent.CHROMIUM;
import static io.d2ora.testing.RealComponent.SENTIMENT_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.app.dashboard.ChainAccess;
import io.d2ora.app.dashboard.Dashboard;
import io.d2ora.app.dashboard.DashboardCommand;
import io.d2ora.app.dashboard.DashboardServer;
import io.d2ora.app.dashboard.HttpReply;
import io.d2ora.app.dashboard.PeerSource;
import io.d2ora.chain.ChainClient;
import io.d2ora.core.round.RoundId;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RequiresRealComponents;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over a real finished round: three real nodes train, commit, propose, attest and
 * settle round 1 on a real chain; then every endpoint is read over HTTP from a real Jetty server,
 * including a round that does not exist, hostile paths, a peer that registered {@code <script>} on
 * chain, and a chain that is down. The same pages are loaded in headless Chromium, which takes
 * screenshots (target/dashboard-screenshots) and dumps the DOM.
 */
@RequiresRealComponents({ANVIL, BASE_MODEL, SENTIMENT_DATA})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAcceptanceTest {
  private static final String HOSTILE = "/ip4/10.0.0.1/tcp/1/<script>alert('pwned')</script>";
  @TempDir static Path work;
  private TestNetwork network;
  private List<TestPeer> peers;
  private DashboardServer server;
  private DashboardServer live;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void finishRound() throws Exception {
    network = TestNetwork.start(work);
    Path config = network.roundConfig("fedavg");
    peers =
        List.of(
            network.peer("dash-a", 1, "imdb", config).creatingRounds(),
            network.peer("dash-b", 2, "yelp", config),
            network.peer("dash-c", 3, "amazon", config));
    network.start(peers.get(0), peers.get(1), peers.get(2));
    RoundId r = round(1);
    assertThat(peers.get(0).awaitOutcome(r).result()).isEqualTo(FINALIZED);
    assertThat(peers.get(1).awaitOutcome(r).result()).isEqualTo(VERIFIED);
    assertThat(peers.get(2).awaitOutcome(r).result()).isEqualTo(VERIFIED);
    registerHostilePeer();
    ChainSettings chain = settings(network.rpcUrl);
    server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            new Dashboard(
                DashboardCommand.access(chain),
                chain.rpcUrl(),
                peers.stream().map(p -> p.dataDir).toList(),
                PeerSource.NONE));
    live = NodeRunCommand.dashboard(peers.get(0).node(), 0);
  }

  @AfterAll
  void stop() throws Exception {
    if (live != null) {
      live.close();
    }
    if (server != null) {
      server.close();
    }
    if (peers != null) {
      for (TestPeer p : peers) {
        p.stop();
      }
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void shouldListRoundsAndShowTheFinishedRound() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(200);
    assertThat(get("/rounds").body()).contains("href=\"/rounds/1\"").contains("SETTLED");

    String page = body("/rounds/1");
    assertThat(page)
        .contains("<svg id=\"timeline\"")
        .contains("data-phase=\"join\"")
        .contains("data-phase=\"commit\"")
        .contains("data-phase=\"finalize\"")
        .contains("<table id=\"participants\"")
        .contains("<table id=\"proposals\"")
        .contains("Finalized with proposal #1")
        .contains("<table id=\"payouts\"")
        .contains("reward")
        .contains("stake released")
        .contains("settled");
    for (TestPeer p : peers) {
      assertThat(page).contains(p.address().hex());
    }
    assertThat(count(page, "<circle class=\"commit\"")).isEqualTo(3);
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/rounds/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void shouldDrawTheProvenanceGraphBackToTheBaseModel() throws Exception {
    String page = body("/rounds/1/provenance");
    assertThat(page).contains("<svg id=\"provenance\"").contains("class=\"node base\"");
    assertThat(count(page, "class=\"node update\"")).isEqualTo(3);
    assertThat(count(page, "class=\"node aggregate\"")).isEqualTo(1);
    assertThat(count(page, "class=\"edge started-from\"")).isEqualTo(3);
    assertThat(count(page, "class=\"edge included\"")).isEqualTo(3);
    assertThat(page).contains("the base model");
    for (TestPeer p : peers) {
      assertThat(page).contains(p.trainedUpdate().hex().substring(0, 8));
    }
  }

  @Test
  void shouldServeTheRawDataOfEveryLinkedTransaction() throws Exception {
    String page = body("/rounds/1/provenance");
    Matcher m = Pattern.compile("href=\"(/rounds/1/tx/0x[0-9a-f]{64})\"").matcher(page);
    int links = 0;
    while (m.find()) {
      HttpResponse<String> r = get(m.group(1));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode json = new ObjectMapper().readTree(r.body());
      String tx = m.group(1).substring("/rounds/1/tx/".length());
      assertThat(json.path("raw_transaction").path("hash").asText()).isEqualTo(tx);
      assertThat(json.path("block").asLong()).isPositive();
      assertThat(json.path("events")).isNotEmpty();
      links++;
    }
    assertThat(links).as("base (creation), three commits, finalization").isEqualTo(5);
    String other = "/rounds/1/tx/0x" + "ab".repeat(32);
    assertThat(get(other).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldPlotLearningCurvesPerPeerFromTheDataDirectories() throws Exception {
    String page = body("/curves");
    assertThat(page).contains("<svg id=\"loss-curve\"").contains("<svg id=\"accuracy-curve\"");
    assertThat(count(page, "<polyline class=\"series\"")).isEqualTo(3 + 3 + 3);
    assertThat(page).contains("on the aggregate").contains("after local training");
  }

  @Test
  void shouldEscapePeerProvidedTextAndShowLivePeersAndMetricsInsideANode() throws Exception {
    String page = body("/peers");
    assertThat(page)
        .doesNotContain("<script")
        .contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;")
        .contains("does not verify")
        .contains("id=\"live-unknown\"");
    for (TestPeer p : peers) {
      assertThat(page).contains(p.peerId());
    }
    String inside = http.send(request(live.uri().resolve("/peers")), ofString()).body();
    assertThat(inside).contains("<table id=\"live-peers\"").contains("connected");
    assertThat(inside).contains(peers.get(1).peerId()).contains(peers.get(2).peerId());
    HttpResponse<String> metrics = http.send(request(live.uri().resolve("/metrics")), ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("# TYPE d2ora_round_id gauge")
        .contains("d2ora_updates_fetched_total");
  }

  @Test
  void shouldAnswerMistakesWithClearPagesAndNoStackTrace() throws Exception {
    HttpResponse<String> missing = get("/rounds/999");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("Round 999 does not exist: the registry has rounds 1 to 1");
    for (String hostile :
        List.of(
            "/rounds/99999999999999999999999999",
            "/rounds/-1",
            "/rounds/0",
            "/rounds/1/tx/0xzz",
            "/rounds/%2e%2e/%2e%2e/etc/passwd",
            "/rounds/../../etc/passwd",
            "/curves/..%2f..%2fetc")) {
      HttpResponse<String> r = get(hostile);
      assertThat(r.statusCode()).as(hostile).isEqualTo(400);
      assertThat(r.body()).as(hostile).doesNotContain("Exception").doesNotContain("at io.");
    }
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/rounds"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldSayTheChainIsDownWithA503AndStillPlotCurves() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ChainSettings down = settings("http://127.0.0.1:" + closed);
    try (ChainAccess access = DashboardCommand.access(down);
        DashboardServer offline =
            DashboardServer.start(
                "127.0.0.1",
                0,
                new Dashboard(
                    access, down.rpcUrl(), List.of(peers.get(0).dataDir), PeerSource.NONE))) {
      for (String path : List.of("/rounds", "/rounds/1", "/rounds/1/provenance", "/peers")) {
        HttpResponse<String> r = http.send(request(offline.uri().resolve(path)), ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(r.body())
            .as(path)
            .contains("127.0.0.1:" + closed)
            .doesNotContain("Exception")
            .doesNotContain("at io.");
      }
      HttpResponse<String> curves =
          http.send(request(offline.uri().resolve("/curves")), ofString());
      assertThat(curves.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldServeAMountedRouteBeforeThePages() throws Exception {
    server.mount(
        "/metrics",
        path -> HttpReply.ok("text/plain; version=0.0.4", out -> out.write("up 1\n".getBytes())));
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("up 1\n");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4");
  }

  @Test
  @RequiresRealComponents(CHROMIUM)
  void shouldRenderTimelineProvenanceAndCurvesInARealBrowser() throws Exception {
    Path shots = ProjectRoot.path().resolve("node/app/target/dashboard-screenshots");
    Files.createDirectories(shots);
    Map<String, String> pages =
        Map.of("round", "/rounds/1", "provenance", "/rounds/1/provenance", "curves", "/curves");
    Map<String, String> ids =
        Map.of("round", "timeline", "provenance", "provenance", "curves", "loss-curve");
    for (var e : pages.entrySet()) {
      String url = server.uri().resolve(e.getValue()).toString();
      Path png = shots.resolve(e.getKey() + ".png");
      Files.deleteIfExists(png);
      Chromium.run("--screenshot=" + png, "--window-size=1280,1000", url);
      assertThat(png).exists();
      assertThat(Files.size(png)).isGreaterThan(10_000);
      String dom = Chromium.run("--dump-dom", url);
      assertThat(dom).contains("<svg id=\"" + ids.get(e.getKey()) + "\"");
      if (e.getKey().equals("curves")) {
        assertThat(dom).contains("<svg id=\"accuracy-curve\"").contains("polyline");
      }
      if (e.getKey().equals("provenance")) {
        assertThat(dom).contains("node update").contains("node aggregate");
      }
    }
  }

  private void registerHostilePeer() {
    ChainSettings hostile = settings(network.rpcUrl, network.keys.get(4));
    try (ChainClient client = hostile.client()) {
      client.registerPeer(
          "<script>".getBytes(StandardCharsets.UTF_8), List.of(HOSTILE), new byte[64]);
    }
  }

  private ChainSettings settings(String rpc) {
    return settings(rpc, null);
  }

  private ChainSettings settings(String rpc, String key) {
    Map<String, Object> flags = new HashMap<>();
    flags.put("chain-rpc-url", rpc);
    flags.put("chain-registry", network.registry);
    if (key != null) {
      flags.put("chain-private-key", key);
    }
    return ChainSettings.resolve(new Settings(flags, Map.of(), Optional.empty()));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(URI.create(server.uri() + path.substring(1))), ofString());
  }

  private String body(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static HttpRequest request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
