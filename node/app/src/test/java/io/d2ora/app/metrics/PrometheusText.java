package io.d2ora.app.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.testing.Toolchain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples of a /metrics page as the official Python client's text-format parser reads them ({@code
 * prometheus_client.parser}, Debian's python3-prometheus-client): a page it rejects fails the test.
 */
public record PrometheusText(List<Sample> samples) {
  private static final String PARSER =
      """
      import json, sys
      from prometheus_client.parser import text_string_to_metric_families
      out = [[s.name, s.labels, s.value]
             for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples]
      print(json.dumps(out))
      """;

  /** One sample: its name (with _total, _count, ... suffixes), labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** {@code metrics} as it writes itself for /metrics, parsed. */
  public static PrometheusText of(NodeMetrics metrics) throws IOException, InterruptedException {
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    metrics.writeTo(page);
    return parse(page.toString(StandardCharsets.UTF_8));
  }

  public static PrometheusText parse(String page) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(Toolchain.PYTHON, "-c", PARSER)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(page.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("prometheus_client could not parse the page:\n" + page);
    }
    List<Sample> samples = new ArrayList<>();
    for (JsonNode s : new ObjectMapper().readTree(out)) {
      Map<String, String> labels = new TreeMap<>();
      s.get(1).fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new Sample(s.get(0).asText(), labels, s.get(2).asDouble()));
    }
    return new PrometheusText(samples);
  }

  /** The value of the sample {@code name} whose labels include {@code labels} (pairs). */
  public Optional<Double> value(String name, String... labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(
            s -> {
              for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                  return false;
                }
              }
              return true;
            })
        .map(Sample::value)
        .findFirst();
  }

  /** The sample, which must exist. */
  public double get(String name, String... labels) {
    return value(name, labels)
        .orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels)));
  }

  /** The sum of every sample named {@code name} (over all label values). */
  public double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** How many series the page holds. */
  public int seriesCount() {
    return samples.size();
  }
}
