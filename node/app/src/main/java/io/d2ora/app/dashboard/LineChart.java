package io.d2ora.app.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: x is the round number, one polyline with dots per series, a legend.
 * Pure: the same series give the same markup.
 */
final class LineChart {
  static final List<String> COLORS =
      List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf");
  private static final int W = 820;
  private static final int H = 300;
  private static final int LEFT = 56;
  private static final int RIGHT = 300;
  private static final int TOP = 20;
  private static final int BOTTOM = 40;

  /** One line: {@code points} are (round, value) pairs in round order. */
  record Series(String name, List<double[]> points) {}

  private LineChart() {}

  static String render(String id, String yLabel, List<Series> series) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(
        "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s per round</title>"
            .formatted(id, W, H, Html.esc(yLabel)));
    if (minX == Double.MAX_VALUE) {
      return b.append("<text x=\"20\" y=\"40\">no data recorded</text></svg>").toString();
    }
    if (maxX == minX) {
      minX -= 0.5;
      maxX += 0.5;
    }
    if (maxY - minY < 1e-9) {
      minY -= 0.5;
      maxY += 0.5;
    }
    Scale sx = new Scale(minX, maxX, LEFT, W - RIGHT);
    Scale sy = new Scale(minY, maxY, H - BOTTOM, TOP);
    axes(b, sx, sy, minX, maxX, minY, maxY, yLabel);
    for (int i = 0; i < series.size(); i++) {
      line(b, series.get(i), COLORS.get(i % COLORS.size()), sx, sy, i);
    }
    return b.append("</svg>").toString();
  }

  private record Scale(double from, double to, double px0, double px1) {
    double at(double v) {
      return px0 + (v - from) / (to - from) * (px1 - px0);
    }
  }

  private static void axes(
      StringBuilder b,
      Scale sx,
      Scale sy,
      double minX,
      double maxX,
      double minY,
      double maxY,
      String yLabel) {
    b.append(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
            .formatted(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
    b.append(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
            .formatted(LEFT, TOP, LEFT, H - BOTTOM));
    for (long x = (long) Math.ceil(minX); x <= maxX; x++) {
      b.append(
          "<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>"
              .formatted(num(sx.at(x)), H - BOTTOM + 14, x));
    }
    for (int i = 0; i <= 4; i++) {
      double v = minY + (maxY - minY) * i / 4;
      b.append(
          "<text x=\"%d\" y=\"%s\" font-size=\"11\" text-anchor=\"end\">%s</text>"
              .formatted(LEFT - 4, num(sy.at(v) + 4), String.format(Locale.ROOT, "%.3f", v)));
    }
    b.append(
        "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">round</text>"
            .formatted((LEFT + W - RIGHT) / 2, H - 8));
    b.append(
        "<text x=\"12\" y=\"%d\" font-size=\"12\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>"
            .formatted(H / 2, H / 2, Html.esc(yLabel)));
  }

  private static void line(StringBuilder b, Series s, String color, Scale sx, Scale sy, int i) {
    StringBuilder pts = new StringBuilder();
    for (double[] p : s.points()) {
      pts.append(num(sx.at(p[0]))).append(',').append(num(sy.at(p[1]))).append(' ');
    }
    b.append(
        "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>"
            .formatted(color, pts.toString().trim()));
    for (double[] p : s.points()) {
      b.append(
          "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"><title>%s round %d: %s</title></circle>"
              .formatted(
                  num(sx.at(p[0])),
                  num(sy.at(p[1])),
                  color,
                  Html.esc(s.name()),
                  (long) p[0],
                  String.format(Locale.ROOT, "%.4f", p[1])));
    }
    int ly = TOP + 14 + 16 * i;
    b.append(
        "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>"
            .formatted(W - RIGHT + 10, ly - 9, color, W - RIGHT + 24, ly, Html.esc(s.name())));
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
