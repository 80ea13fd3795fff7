package io.d2ora.app.dashboard;

import static io.d2ora.app.dashboard.Html.hex;

import java.util.ArrayList;
import java.util.List;

/** The provenance graph of a round's model, and the same lineage as a table. */
final class ProvenancePage {
  private ProvenancePage() {}

  static String render(long id, List<Provenance.Step> newestFirst) {
    StringBuilder b = new StringBuilder();
    b.append("<p>Which updates went into which aggregate, and which aggregate each round started")
        .append(" from, back to the base model. Boxes link to their transaction's data. Where a")
        .append(" round started from comes from the data directories' learning logs (the chain")
        .append(" does not record it); dashed edges mark a start no log records.</p>");
    b.append(ProvenanceGraph.render(newestFirst));
    List<List<String>> rows = new ArrayList<>();
    for (Provenance.Step s : newestFirst) {
      long r = s.data().round().roundId();
      String start =
          s.start().map(h -> h.equals("fresh") ? "the base model" : hex(h)).orElse("not recorded");
      rows.add(
          List.of(
              Html.link("/rounds/" + r, "Round " + r),
              start,
              s.startRound().map(x -> Html.link("/rounds/" + x, "round " + x)).orElse("-"),
              String.valueOf(ProvenanceGraph.updates(s.data()).size()),
              s.data().finalizedProposal().map(p -> hex(p.aggregateHash())).orElse("-")));
    }
    b.append(
        Html.table(
            "lineage",
            List.of("round", "started from", "that is the aggregate of", "updates", "aggregate"),
            rows));
    return Html.page("Provenance of round " + id + "'s model", b.toString());
  }
}
