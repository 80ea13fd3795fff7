package io.d2ora.app.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ContributorReport;
import io.d2ora.core.round.VerificationReport;
import io.d2ora.core.store.ContentHash;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link VerificationReport} as text or as one JSON object. */
final class ReportPrinter {
  private ReportPrinter() {}

  static Map<String, Object> toMap(VerificationReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", r.round().value());
    m.put("verdict", r.verdict().toString());
    m.put("valid", r.valid());
    m.put("finalized_hash", r.finalizedHash().map(ContentHash::hex).orElse(null));
    m.put("recomputed_hash", r.recomputedHash().map(ContentHash::hex).orElse(null));
    m.put("included", r.included().stream().map(Address::hex).toList());
    m.put(
        "contributors",
        r.contributors().stream()
            .map(
                c -> {
                  Map<String, Object> o = new LinkedHashMap<>();
                  o.put("signer", c.signer().hex());
                  o.put("update_hash", c.updateHash().hex());
                  o.put("num_samples", c.numSamples());
                  o.put("block", c.blockNumber());
                  o.put("block_timestamp", c.blockTimestamp());
                  o.put("included", c.included());
                  o.put("status", c.status().toString());
                  o.put("reasons", c.reasons());
                  return o;
                })
            .toList());
    m.put("reasons", r.reasons());
    m.put("notes", r.notes());
    return m;
  }

  static void print(PrintWriter out, VerificationReport r, boolean json) throws Exception {
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(toMap(r)));
      out.flush();
      return;
    }
    out.printf(Locale.ROOT, "round %s: %s%n", r.round(), r.verdict());
    out.printf(
        Locale.ROOT,
        "  finalized  %s%n  recomputed %s%n",
        r.finalizedHash().map(ContentHash::hex).orElse("-"),
        r.recomputedHash().map(ContentHash::hex).orElse("-"));
    out.println("  contributors:");
    for (ContributorReport c : r.contributors()) {
      out.printf(
          Locale.ROOT,
          "    %s %s samples=%d block=%d %s%s%s%n",
          c.signer(),
          c.updateHash().hex(),
          c.numSamples(),
          c.blockNumber(),
          c.status(),
          c.included() ? " included" : "",
          c.reasons().isEmpty() ? "" : " (" + String.join("; ", c.reasons()) + ")");
    }
    lines(out, "reasons", r.reasons());
    lines(out, "notes", r.notes());
    out.flush();
  }

  private static void lines(PrintWriter out, String title, List<String> items) {
    if (!items.isEmpty()) {
      out.println("  " + title + ":");
      items.forEach(i -> out.println("    " + i));
    }
  }
}
