package io.d2ora.app.chain;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code round status} and {@code round proposals} print about a round's outcome: each
 * proposal with its proposer, included set, attesters and quorum, and the settlement (or refund)
 * with the rewards, forfeits and slashes the round's events record.
 */
final class RoundReport {
  private RoundReport() {}

  static Map<String, Object> proposalJson(RegistryProposal p, RegistryRound r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", p.index());
    m.put("proposer", p.proposer().hex());
    m.put("aggregateHash", p.aggregateHash().hex());
    m.put("includedSetHash", p.includedSetHash().hex());
    m.put("included", p.included().stream().map(EthAddress::hex).toList());
    m.put("includedSamples", p.includedSamples().toString());
    m.put("proposedBlock", p.proposedBlock());
    m.put("attesters", p.attesters().stream().map(EthAddress::hex).toList());
    m.put("attestations", p.attestations());
    m.put("quorum", p.quorum());
    m.put("quorumBlock", p.reachedQuorum() ? p.quorumBlock() : null);
    m.put("finalized", r.finalizedProposal() == p.index());
    return m;
  }

  static String proposalText(RegistryProposal p, RegistryRound r) {
    String verdict =
        r.finalizedProposal() == p.index()
            ? "FINALIZED in block " + p.quorumBlock()
            : p.reachedQuorum() ? "quorum in block " + p.quorumBlock() : "no quorum";
    return ("  proposal %d by %s (block %d): aggregate %s over %d included (%s samples)%n"
            + "    included: %s%n"
            + "    attested by %d of %d needed: %s; %s")
        .formatted(
            p.index(),
            p.proposer(),
            p.proposedBlock(),
            p.aggregateHash(),
            p.included().size(),
            p.includedSamples(),
            join(p.included()),
            p.attestations(),
            p.quorum(),
            p.attesters().isEmpty() ? "nobody" : join(p.attesters()),
            verdict);
  }

  static Map<String, Object> participantJson(RegistryParticipant p) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("account", p.account().hex());
    e.put("status", p.status().name());
    e.put("reservedStake", p.reservedStake().toString());
    e.put("joinBlock", p.joinBlock());
    e.put("joinTime", p.joinTime().getEpochSecond());
    e.put("updateHash", p.updateHash().map(h -> h.hex()).orElse(null));
    e.put("numSamples", p.numSamples().toString());
    e.put("commitBlock", p.commitBlock() == 0 ? null : p.commitBlock());
    e.put("commitTime", p.commitBlock() == 0 ? null : p.commitTime().getEpochSecond());
    e.put("attestedProposal", p.attested() ? p.attestedProposal() : null);
    e.put("attestBlock", p.attested() ? p.attestBlock() : null);
    e.put("proposed", p.proposed());
    e.put("slashed", p.slashed());
    e.put("released", p.released());
    return e;
  }

  static String participantText(RegistryParticipant p) {
    StringBuilder b = new StringBuilder("  %s %s".formatted(p.account(), p.status()));
    p.updateHash()
        .ifPresent(
            h ->
                b.append(
                    " %s (%s samples, block %d at %s)"
                        .formatted(h, p.numSamples(), p.commitBlock(), p.commitTime())));
    if (p.attested()) {
      b.append(" attested proposal ").append(p.attestedProposal());
    }
    if (p.slashed()) {
      b.append(" SLASHED");
    }
    b.append(p.released() ? ", stake released" : ", reserves " + Tokens.format(p.reservedStake()));
    return b.toString();
  }

  /** The settlement as the round's events record it, if it was settled or refunded. */
  static Optional<Map<String, Object>> settlement(List<ChainEvent> events) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, String> rewards = new LinkedHashMap<>();
    Map<String, String> forfeits = new LinkedHashMap<>();
    List<Map<String, Object>> slashes = new java.util.ArrayList<>();
    for (ChainEvent e : events) {
      switch (e) {
        case ChainEvent.RoundSettled s -> {
          m.put("outcome", "settled");
          m.put("block", s.origin().blockNumber());
          m.put("distributed", s.distributed().toString());
          m.put("refunded", s.refunded().toString());
          m.put("burned", s.burned().toString());
        }
        case ChainEvent.RoundRefunded s -> {
          m.put("outcome", "refunded");
          m.put("block", s.origin().blockNumber());
          m.put("refunded", s.refunded().toString());
          m.put("burned", s.burned().toString());
        }
        case ChainEvent.RewardPaid p -> rewards.put(p.participant().hex(), p.amount().toString());
        case ChainEvent.Forfeited f -> forfeits.put(f.participant().hex(), f.penalty().toString());
        case ChainEvent.Slashed s ->
            slashes.add(
                Map.of(
                    "offender", s.offender().hex(),
                    "reporter", s.reporter().hex(),
                    "offense", s.offense().name(),
                    "amount", s.amount().toString()));
        default -> {}
      }
    }
    if (!forfeits.isEmpty()) {
      m.put("forfeits", forfeits);
    }
    if (!slashes.isEmpty()) {
      m.put("slashes", slashes);
    }
    if (!m.containsKey("outcome")) {
      return m.isEmpty() ? Optional.empty() : Optional.of(m);
    }
    m.put("rewards", rewards);
    return Optional.of(m);
  }

  @SuppressWarnings("unchecked")
  static String settlementText(Map<String, Object> s) {
    StringBuilder b = new StringBuilder();
    Object outcome = s.get("outcome");
    if ("settled".equals(outcome)) {
      b.append(
          "  settled in block %s: %s distributed, %s refunded to the creator, %s burned"
              .formatted(
                  s.get("block"),
                  tokens(s.get("distributed")),
                  tokens(s.get("refunded")),
                  tokens(s.get("burned"))));
    } else if ("refunded".equals(outcome)) {
      b.append(
          "  expired without quorum, closed in block %s: %s refunded, %s burned"
              .formatted(s.get("block"), tokens(s.get("refunded")), tokens(s.get("burned"))));
    }
    var rewards = (Map<String, String>) s.getOrDefault("rewards", Map.of());
    rewards.forEach(
        (who, amount) -> b.append("%n    reward %s to %s".formatted(tokens(amount), who)));
    var forfeits = (Map<String, String>) s.getOrDefault("forfeits", Map.of());
    forfeits.forEach(
        (who, amount) -> b.append("%n    forfeit %s by %s".formatted(tokens(amount), who)));
    var slashes = (List<Map<String, Object>>) s.getOrDefault("slashes", List.of());
    for (var slash : slashes) {
      b.append(
          "%n    slashed %s: %s of %s, reported by %s"
              .formatted(
                  slash.get("offense"),
                  tokens(slash.get("amount")),
                  slash.get("offender"),
                  slash.get("reporter")));
    }
    return b.toString().replaceFirst("^%n".formatted(), "");
  }

  private static String tokens(Object baseUnits) {
    return Tokens.format(new BigInteger(String.valueOf(baseUnits)));
  }

  private static String join(List<EthAddress> addresses) {
    return String.join(", ", addresses.stream().map(EthAddress::hex).toList());
  }
}
