package io.d2ora.app.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ContributorReport;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.Proposal;
import io.d2ora.core.round.Settlement;
import io.d2ora.core.round.VerificationReport;
import io.d2ora.core.store.ContentHash;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@link VerificationReport} as text or as one JSON object: the verdict, each commitment
 * with its commit block and that block's real time, who proposed and who attested each proposal,
 * the winner's quorum, and how the round was settled.
 */
final class ReportPrinter {
  private ReportPrinter() {}

  static Map<String, Object> toMap(VerificationReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", r.round().value());
    m.put("verdict", r.verdict().toString());
    m.put("valid", r.valid());
    m.put("finalized_hash", r.finalizedHash().map(ContentHash::hex).orElse(null));
    m.put("recomputed_hash", r.recomputedHash().map(ContentHash::hex).orElse(null));
    m.put("included", hex(r.included()));
    m.put("finalization", r.finalization().map(ReportPrinter::finalization).orElse(null));
    m.put("proposals", r.proposals().stream().map(ReportPrinter::proposal).toList());
    m.put("settlement", r.settlement().map(ReportPrinter::settlement).orElse(null));
    m.put("contributors", r.contributors().stream().map(ReportPrinter::contributor).toList());
    m.put("reasons", r.reasons());
    m.put("notes", r.notes());
    return m;
  }

  private static Map<String, Object> finalization(Finalization f) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("proposal", f.proposal().index());
    o.put("proposer", f.proposer().hex());
    o.put("attesters", hex(f.attesters()));
    o.put("attestations", f.proposal().attestations());
    o.put("quorum", f.proposal().quorum());
    o.put("counted", f.proposal().counted());
    o.put("block", f.blockNumber());
    o.put("block_timestamp", f.blockTimestamp());
    return o;
  }

  private static Map<String, Object> proposal(Proposal p) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("index", p.index());
    o.put("aggregate_hash", p.aggregateHash().hex());
    o.put("proposer", p.proposer().hex());
    o.put("included", hex(p.included()));
    o.put("attesters", hex(p.attesters()));
    o.put("attestations", p.attestations());
    o.put("quorum", p.quorum());
    o.put("finalized", p.finalized());
    o.put("block", p.blockNumber());
    return o;
  }

  private static Map<String, Object> settlement(Settlement s) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("refunded", s.refunded());
    o.put("block", s.blockNumber());
    Map<String, String> rewards = new LinkedHashMap<>();
    s.rewards().forEach((a, v) -> rewards.put(a.hex(), v.toString()));
    o.put("rewards", rewards);
    Map<String, String> forfeits = new LinkedHashMap<>();
    s.forfeits().forEach((a, v) -> forfeits.put(a.hex(), v.toString()));
    o.put("forfeits", forfeits);
    return o;
  }

  private static Map<String, Object> contributor(ContributorReport c) {
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
  }

  private static List<String> hex(List<Address> addresses) {
    return addresses.stream().map(Address::hex).toList();
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
    r.finalization()
        .ifPresent(
            f ->
                out.printf(
                    Locale.ROOT,
                    "  proposed by %s; attested by %d of %d (quorum %d) in block %d: %s%n",
                    f.proposer(),
                    f.proposal().attestations(),
                    f.proposal().counted(),
                    f.proposal().quorum(),
                    f.blockNumber(),
                    f.attesters()));
    r.settlement()
        .ifPresent(
            s ->
                out.printf(
                    Locale.ROOT,
                    "  %s in block %d; rewards %s%n",
                    s.refunded() ? "refunded" : "settled",
                    s.blockNumber(),
                    s.rewards()));
    out.println("  contributors:");
    for (ContributorReport c : r.contributors()) {
      out.printf(
          Locale.ROOT,
          "    %s %s samples=%d block=%d at %s %s%s%s%n",
          c.signer(),
          c.updateHash().hex(),
          c.numSamples(),
          c.blockNumber(),
          Instant.ofEpochSecond(c.blockTimestamp()),
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
