package io.d2ora.app.bench;

import io.d2ora.core.data.Example;
import io.d2ora.core.train.Evaluation;
import io.d2ora.core.train.WilsonInterval;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test accuracy per model and domain with 95% Wilson intervals, the mean over domains (its interval
 * over the pooled sentences: the domains' test sets are of equal size), and the two checks:
 * federated within 1 point of central, and above each local-only model on the other domains.
 */
final class QualityTable {
  private final Map<String, List<Example>> tests;
  private final Map<String, Map<String, Evaluation>> rows = new LinkedHashMap<>();

  QualityTable(Map<String, List<Example>> tests) {
    this.tests = tests;
  }

  void add(String model, Map<String, Evaluation> row) {
    rows.put(model, row);
  }

  void print(PrintStream out, List<String> domains) {
    StringBuilder head = new StringBuilder("| model |");
    domains.forEach(
        d -> head.append(' ').append(d).append(" (n=").append(tests.get(d).size()).append(") |"));
    out.println(head.append(" mean |"));
    out.println("|---|" + "---|".repeat(domains.size() + 1));
    rows.forEach(
        (model, row) -> {
          StringBuilder line = new StringBuilder("| " + model + " |");
          long correct = 0;
          long count = 0;
          for (String d : domains) {
            Evaluation e = row.get(d);
            line.append(' ').append(cell(e.correct(), e.count())).append(" |");
            correct += e.correct();
            count += e.count();
          }
          out.println(line.append(' ').append(cell(correct, count)).append(" |"));
        });
    Map<String, Evaluation> fed = rows.get("federated");
    double gap = 100 * (mean(fed, domains) - mean(rows.get("central"), domains));
    out.printf(
        Locale.ROOT,
        "federated - central (mean): %+.1f points (target >= -1.0) -> %s%n",
        gap,
        gap >= -1.0 ? "met" : "NOT met");
    for (String d : domains) {
      Map<String, Evaluation> local = rows.get("local-" + d);
      StringBuilder s = new StringBuilder("federated vs local-" + d + " on the other domains:");
      boolean beats = true;
      for (String other : domains) {
        if (other.equals(d)) {
          continue;
        }
        double f = fed.get(other).accuracy();
        double l = local.get(other).accuracy();
        beats &= f > l;
        s.append(String.format(Locale.ROOT, " %s %.1f vs %.1f;", other, 100 * f, 100 * l));
      }
      out.println(s.append(beats ? " beats" : " does NOT beat"));
    }
  }

  private static double mean(Map<String, Evaluation> row, List<String> domains) {
    return domains.stream().mapToDouble(d -> row.get(d).accuracy()).average().orElse(0);
  }

  private static String cell(long correct, long count) {
    return String.format(
        Locale.ROOT,
        "%.1f %s",
        100.0 * correct / count,
        WilsonInterval.of95(correct, count).percent());
  }
}
