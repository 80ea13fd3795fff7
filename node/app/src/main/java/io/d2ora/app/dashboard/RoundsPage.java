package io.d2ora.app.dashboard;

import static io.d2ora.app.dashboard.Html.esc;
import static io.d2ora.app.dashboard.Html.hex;

import io.d2ora.chain.ChainBlock;
import io.d2ora.chain.RegistryRound;
import java.util.ArrayList;
import java.util.List;

/** The list of rounds, newest first, with their status and result. */
final class RoundsPage {
  private RoundsPage() {}

  static String render(List<RegistryRound> rounds, ChainBlock latest, String chain) {
    List<List<String>> rows = new ArrayList<>();
    for (RegistryRound r : rounds) {
      rows.add(
          List.of(
              Html.link("/rounds/" + r.roundId(), "Round " + r.roundId()),
              esc(r.status()),
              r.participantCount() + " joined, " + r.committedCount() + " counted",
              String.valueOf(r.proposalCount()),
              r.finalized() ? hex(r.aggregateHash()) : "-",
              esc(r.finalizeDeadline()),
              Html.link("/rounds/" + r.roundId() + "/provenance", "provenance")));
    }
    String body =
        "<p>Chain "
            + esc(chain)
            + ", latest block "
            + latest.number()
            + " at "
            + esc(latest.time())
            + ".</p>"
            + Html.table(
                "rounds",
                List.of(
                    "round",
                    "status",
                    "participants",
                    "proposals",
                    "aggregate",
                    "finalize deadline",
                    ""),
                rows);
    return Html.page("Rounds", body);
  }
}
