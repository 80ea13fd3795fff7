package io.d2ora.app.dashboard;

import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A round's phases on a time axis as SVG: join, commit and finalize windows up to their deadlines,
 * each participant's join and commit as dots on its own row, and the latest block's time.
 */
final class Timeline {
  private static final int W = 900;
  private static final int LEFT = 150;
  private static final int RIGHT = 20;
  private static final int ROW = 20;
  private static final int TOP = 62;

  private Timeline() {}

  static String render(RoundData d) {
    RegistryRound r = d.round();
    List<Instant> times = new ArrayList<>(List.of(r.joinDeadline(), r.finalizeDeadline()));
    for (RegistryParticipant p : d.participants()) {
      if (p.joinTime() != null && p.joinBlock() != 0) {
        times.add(p.joinTime());
      }
    }
    long t0 = times.stream().mapToLong(Instant::getEpochSecond).min().orElseThrow();
    long t1 = r.finalizeDeadline().getEpochSecond();
    long span = Math.max(1, t1 - t0);
    t0 -= Math.max(1, span / 20);
    long from = t0;
    double scale = (double) (W - LEFT - RIGHT) / (t1 - from);
    int h = TOP + ROW * Math.max(1, d.participants().size()) + 40;
    StringBuilder b = new StringBuilder();
    b.append(
        "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\"><title>Round %d timeline</title>"
            .formatted(W, h, r.roundId()));
    phase(b, "join", from, r.joinDeadline(), "#cfe3f7", from, scale, h);
    phase(
        b,
        "commit",
        r.joinDeadline().getEpochSecond(),
        r.commitDeadline(),
        "#d9f2d0",
        from,
        scale,
        h);
    phase(
        b,
        "finalize",
        r.commitDeadline().getEpochSecond(),
        r.finalizeDeadline(),
        "#f7e3c6",
        from,
        scale,
        h);
    int y = TOP;
    for (RegistryParticipant p : d.participants()) {
      b.append(
          "<text x=\"4\" y=\"%d\" font-size=\"11\" font-family=\"monospace\">%s</text>"
              .formatted(y + 4, Html.esc(shortHex(p.account().hex()))));
      if (p.joinBlock() != 0) {
        dot(b, "join", p.joinTime(), y, "#1f77b4", from, scale, "joined in block " + p.joinBlock());
      }
      if (p.commitBlock() != 0) {
        dot(
            b,
            "commit",
            p.commitTime(),
            y,
            "#2ca02c",
            from,
            scale,
            "committed " + p.numSamples() + " samples in block " + p.commitBlock());
      }
      y += ROW;
    }
    long now = d.latest().time().getEpochSecond();
    if (now >= from && now <= t1) {
      double x = LEFT + (now - from) * scale;
      b.append(
          "<line class=\"now\" x1=\"%s\" y1=\"32\" x2=\"%s\" y2=\"%d\" stroke=\"#a00\" stroke-dasharray=\"4 3\"/><text x=\"%s\" y=\"%d\" font-size=\"11\" fill=\"#a00\">chain time</text>"
              .formatted(LineChart.num(x), LineChart.num(x), h - 20, LineChart.num(x + 3), h - 8));
    }
    return b.append("</svg>").toString();
  }

  private static void phase(
      StringBuilder b,
      String name,
      long start,
      Instant end,
      String color,
      long from,
      double scale,
      int h) {
    double x0 = LEFT + (start - from) * scale;
    double x1 = LEFT + (end.getEpochSecond() - from) * scale;
    b.append(
        "<rect class=\"phase\" data-phase=\"%s\" x=\"%s\" y=\"32\" width=\"%s\" height=\"%d\" fill=\"%s\"><title>%s window ends %s</title></rect>"
            .formatted(
                name,
                LineChart.num(x0),
                LineChart.num(Math.max(1, x1 - x0)),
                h - 52,
                color,
                name,
                end));
    b.append(
        "<text x=\"%s\" y=\"%d\" font-size=\"11\">%s until %s</text>"
            .formatted(
                LineChart.num(x0 + 2),
                // The commit label sits on a second line: a short join window would overlap it.
                name.equals("commit") ? 27 : 13,
                name,
                end.toString().substring(11, 19)));
  }

  private static void dot(
      StringBuilder b,
      String kind,
      Instant at,
      int y,
      String color,
      long from,
      double scale,
      String title) {
    double x = LEFT + (at.getEpochSecond() - from) * scale;
    b.append(
        "<circle class=\"%s\" cx=\"%s\" cy=\"%d\" r=\"5\" fill=\"%s\"><title>%s</title></circle>"
            .formatted(kind, LineChart.num(x), y, color, Html.esc(title)));
  }

  static String shortHex(String hex) {
    return hex.length() > 14 ? hex.substring(0, 8) + "…" + hex.substring(hex.length() - 4) : hex;
  }
}
