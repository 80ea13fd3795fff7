package io.d2ora.app.dashboard;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lineage as an SVG graph, oldest left: the base model, then per round its updates (signer,
 * hash, block) and the aggregate they went into; an edge from each round's start (the base model or
 * an earlier aggregate; dashed when no log records it) to its updates. Every box links to the
 * transaction that put it on chain.
 */
final class ProvenanceGraph {
  private static final int BOX_W = 200;
  private static final int BOX_H = 46;
  private static final int COL = 250;
  private static final int ROW = 58;
  private static final int TOP = 30;

  private record Box(double x, double y) {
    double midY() {
      return y + BOX_H / 2.0;
    }
  }

  private ProvenanceGraph() {}

  static String render(List<Provenance.Step> newestFirst) {
    List<Provenance.Step> steps = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(steps);
    int maxUpdates = steps.stream().mapToInt(s -> updates(s.data()).size()).max().orElse(1);
    int width = 40 + COL * (1 + 2 * steps.size());
    int height = TOP + ROW * Math.max(1, maxUpdates) + 20;
    StringBuilder nodes = new StringBuilder();
    StringBuilder edges = new StringBuilder();
    RoundData first = steps.get(0).data();
    Box previous = new Box(20, TOP);
    String baseTx =
        first.events(ChainEvent.RoundCreated.class).stream()
            .findFirst()
            .map(e -> e.origin().transactionHash().hex())
            .orElse("");
    box(
        nodes,
        "base",
        previous,
        "base model",
        first.round().baseModelHash().hex(),
        "from round " + first.round().roundId() + "'s creation",
        baseTx.isEmpty()
            ? "/rounds/" + first.round().roundId()
            : "/rounds/" + first.round().roundId() + "/tx/" + baseTx);
    int column = 1;
    for (Provenance.Step step : steps) {
      RoundData d = step.data();
      long id = d.round().roundId();
      double ux = 20 + COL * column;
      double ax = ux + COL;
      List<RegistryParticipant> updates = updates(d);
      Box aggregate = new Box(ax, TOP + ROW * Math.max(0, (updates.size() - 1)) / 2.0);
      boolean known = step.start().isPresent();
      for (int i = 0; i < updates.size(); i++) {
        RegistryParticipant p = updates.get(i);
        Box u = new Box(ux, TOP + ROW * i);
        edge(edges, previous, u, known ? "started-from" : "start-unknown");
        edge(edges, u, aggregate, "included");
        box(
            nodes,
            "update",
            u,
            "update by " + Timeline.shortHex(p.account().hex()),
            p.updateHash().map(h -> h.hex()).orElse("?"),
            p.numSamples() + " samples, block " + p.commitBlock(),
            txHref(d, commitTx(d, p)));
      }
      Optional<RegistryProposal> fin = d.finalizedProposal();
      String label =
          fin.isPresent() ? "round " + id + " aggregate" : "round " + id + " (no aggregate)";
      String hash = fin.map(p -> p.aggregateHash().hex()).orElse("not finalized");
      String where =
          fin.map(p -> "finalized in block " + p.quorumBlock()).orElse(d.phase().toString());
      String tx =
          d.events(ChainEvent.RoundFinalized.class).stream()
              .findFirst()
              .map(e -> e.origin().transactionHash().hex())
              .orElse("");
      box(nodes, "aggregate", aggregate, label, hash, where, txHref(d, tx));
      previous = aggregate;
      column += 2;
    }
    return "<svg id=\"provenance\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\"><title>Provenance graph</title>"
            .formatted(width, height)
        + edges
        + nodes
        + "</svg>";
  }

  /** The finalized proposal's included participants, else every committed one. */
  static List<RegistryParticipant> updates(RoundData d) {
    Optional<RegistryProposal> fin = d.finalizedProposal();
    return d.participants().stream()
        .filter(p -> p.updateHash().isPresent())
        .filter(p -> fin.isEmpty() || fin.get().included().contains(p.account()))
        .toList();
  }

  private static String commitTx(RoundData d, RegistryParticipant p) {
    return d.events(ChainEvent.UpdateCommitted.class).stream()
        .filter(e -> e.signer().equals(p.account()))
        .findFirst()
        .map(e -> e.origin().transactionHash().hex())
        .orElse("");
  }

  private static String txHref(RoundData d, String tx) {
    long id = d.round().roundId();
    return tx.isEmpty() ? "/rounds/" + id : "/rounds/" + id + "/tx/" + tx;
  }

  private static void box(
      StringBuilder b, String kind, Box at, String title, String hash, String detail, String href) {
    b.append("<a href=\"").append(Html.esc(href)).append("\">");
    b.append(
        "<rect class=\"node %s\" x=\"%s\" y=\"%s\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" stroke=\"#555\"/>"
            .formatted(
                kind,
                LineChart.num(at.x()),
                LineChart.num(at.y()),
                BOX_W,
                BOX_H,
                switch (kind) {
                  case "base" -> "#eee";
                  case "update" -> "#d9f2d0";
                  default -> "#cfe3f7";
                }));
    text(b, at, 14, title, true);
    text(b, at, 27, Timeline.shortHex(hash), false);
    text(b, at, 40, detail, false);
    b.append("<title>").append(Html.esc(hash)).append("</title></a>");
  }

  private static void text(StringBuilder b, Box at, int dy, String s, boolean bold) {
    b.append(
        "<text x=\"%s\" y=\"%s\" font-size=\"11\"%s>%s</text>"
            .formatted(
                LineChart.num(at.x() + 6),
                LineChart.num(at.y() + dy),
                bold ? " font-weight=\"bold\"" : "",
                Html.esc(s)));
  }

  private static void edge(StringBuilder b, Box from, Box to, String kind) {
    b.append(
        "<line class=\"edge %s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#777\"%s/>"
            .formatted(
                kind,
                LineChart.num(from.x() + BOX_W),
                LineChart.num(from.midY()),
                LineChart.num(to.x()),
                LineChart.num(to.midY()),
                kind.equals("start-unknown") ? " stroke-dasharray=\"5 4\"" : ""));
  }
}
