package io.d2ora.app.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Learning curves from the data directories' learning logs: training loss and validation accuracy
 * per peer per round, and each round's aggregate accuracy (on each peer's validation split).
 */
final class CurvesPage {
  private CurvesPage() {}

  static String render(LearningLog.Entries log, List<String> dataDirs) {
    List<LineChart.Series> loss =
        series(log.trained(), LearningLog.Trained::account, t -> t.trainLoss(), "");
    List<LineChart.Series> accuracy = new ArrayList<>();
    accuracy.addAll(
        series(
            log.trained().stream().filter(t -> t.accuracy().isPresent()).toList(),
            LearningLog.Trained::account,
            t -> t.accuracy().getAsDouble(),
            " after local training"));
    accuracy.addAll(
        series(
            log.rounds().stream().filter(r -> r.aggregateAccuracy().isPresent()).toList(),
            LearningLog.RoundRecord::account,
            r -> r.aggregateAccuracy().getAsDouble(),
            " on the aggregate"));
    StringBuilder b = new StringBuilder();
    b.append("<p>Read from the learning logs in ")
        .append(Html.esc(String.join(", ", dataDirs)))
        .append(". Each peer scores on its own validation split; the aggregate is scored by every")
        .append(" peer that recorded the round.</p>");
    b.append("<h2>Training loss</h2>")
        .append(LineChart.render("loss-curve", "training loss", loss));
    b.append("<h2>Validation accuracy</h2>")
        .append(LineChart.render("accuracy-curve", "validation accuracy", accuracy));
    return Html.page("Learning curves", b.toString());
  }

  private static <T> List<LineChart.Series> series(
      List<T> items,
      Function<T, String> account,
      java.util.function.ToDoubleFunction<T> value,
      String suffix) {
    Map<String, TreeMap<Long, Double>> byPeer = new TreeMap<>();
    for (T item : items) {
      double v = value.applyAsDouble(item);
      if (Double.isFinite(v)) {
        byPeer.computeIfAbsent(account.apply(item), k -> new TreeMap<>()).put(round(item), v);
      }
    }
    List<LineChart.Series> out = new ArrayList<>();
    byPeer.forEach(
        (peer, points) ->
            out.add(
                new LineChart.Series(
                    Timeline.shortHex(peer) + suffix,
                    points.entrySet().stream()
                        .map(e -> new double[] {e.getKey(), e.getValue()})
                        .toList())));
    return out;
  }

  private static long round(Object item) {
    return switch (item) {
      case LearningLog.Trained t -> t.round();
      case LearningLog.RoundRecord r -> r.round();
      default -> throw new IllegalArgumentException("not a learning log entry: " + item);
    };
  }
}
