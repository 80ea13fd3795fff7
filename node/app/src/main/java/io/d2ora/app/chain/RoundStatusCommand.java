package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RegistrySnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora round status ID}: a round's parameters, phase, participants with their commitments
 * and attestations, its proposals and its settlement, all read at one block.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show a round: phase, deadlines, participants and their commitments, proposals and"
            + " attestations, settlement.")
public final class RoundStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Parameters(index = "0", paramLabel = "ROUND", description = "Round id.")
  long roundId;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ChainReader client = chain.settings().reader()) {
      RegistrySnapshot at = Chain.call(client::snapshot);
      RegistryRound round = existing(client, at, roundId);
      RegistryRound.Phase phase = Chain.call(() -> at.phase(roundId));
      Instant now = at.block().time();
      List<RegistryParticipant> participants = Chain.call(() -> at.participantRecords(roundId));
      List<RegistryProposal> proposals = Chain.call(() -> at.proposals(roundId));
      List<ChainEvent> events = Chain.call(() -> client.roundEvents(roundId));
      Optional<Map<String, Object>> settlement = RoundReport.settlement(events);
      Output.print(
          spec,
          json,
          json(round, phase, now, participants, proposals, settlement),
          text(round, phase, now, participants, proposals, settlement));
    }
    return 0;
  }

  static RegistryRound existing(ChainReader client, RegistrySnapshot at, long roundId) {
    return Chain.call(() -> at.round(roundId))
        .orElseThrow(
            () ->
                new UserException(
                    "round "
                        + roundId
                        + " does not exist (there are "
                        + Chain.call(client::roundCount)
                        + ")"));
  }

  static Map<String, Object> summary(RegistryRound r, RegistryRound.Phase phase) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("roundId", r.roundId());
    m.put("phase", phase.name());
    m.put("status", r.status().name());
    m.put("baseModelHash", r.baseModelHash().hex());
    m.put("configHash", r.configHash().hex());
    m.put("joinDeadline", r.joinDeadline().getEpochSecond());
    m.put("commitDeadline", r.commitDeadline().getEpochSecond());
    m.put("finalizeDeadline", r.finalizeDeadline().getEpochSecond());
    m.put("participantCount", r.participantCount());
    m.put("maxParticipants", r.maxParticipants());
    m.put("minStake", r.minStake().toString());
    m.put("sampleCap", r.sampleCap());
    m.put("quorumBps", r.quorumBps());
    m.put("rewardPool", r.rewardPool().toString());
    m.put("creator", r.creator().hex());
    m.put("aggregator", r.aggregator().hex());
    return m;
  }

  /** Basis points as a percentage: 6666 -> 66.66%. */
  static String percent(int bps) {
    return java.math.BigDecimal.valueOf(bps, 2).stripTrailingZeros().toPlainString() + "%";
  }

  private static Map<String, Object> json(
      RegistryRound r,
      RegistryRound.Phase phase,
      Instant now,
      List<RegistryParticipant> participants,
      List<RegistryProposal> proposals,
      Optional<Map<String, Object>> settlement) {
    Map<String, Object> m = summary(r, phase);
    m.put("chainTime", now.getEpochSecond());
    m.put("createdBlock", r.createdBlock());
    m.put("committedCount", r.committedCount());
    m.put("finalizedProposal", r.finalized() ? r.finalizedProposal() : null);
    m.put("aggregateHash", r.aggregateHash().isZero() ? null : r.aggregateHash().hex());
    m.put("finalizedBlock", r.finalized() ? r.finalizedBlock() : null);
    m.put("forfeitPool", r.forfeitPool().toString());
    m.put("participants", participants.stream().map(RoundReport::participantJson).toList());
    m.put("proposals", proposals.stream().map(p -> RoundReport.proposalJson(p, r)).toList());
    m.put("settlement", settlement.orElse(null));
    return m;
  }

  private static String text(
      RegistryRound r,
      RegistryRound.Phase phase,
      Instant now,
      List<RegistryParticipant> participants,
      List<RegistryProposal> proposals,
      Optional<Map<String, Object>> settlement) {
    StringBuilder b = new StringBuilder();
    b.append("round %d: %s (chain time %s)%n".formatted(r.roundId(), phase, now));
    b.append("  base model %s, config %s%n".formatted(r.baseModelHash(), r.configHash()));
    b.append(
        "  join until %s, commit until %s, finalize until %s%n"
            .formatted(r.joinDeadline(), r.commitDeadline(), r.finalizeDeadline()));
    b.append(
        "  participants %d/%d, min stake %s, sample cap %d, quorum %s, reward pool %s,"
                .formatted(
                    r.participantCount(),
                    r.maxParticipants(),
                    Tokens.format(r.minStake()),
                    r.sampleCap(),
                    percent(r.quorumBps()),
                    Tokens.format(r.rewardPool()))
            + " aggregator %s%n".formatted(r.aggregator()));
    if (r.finalized()) {
      b.append(
          "  finalized in block %d by proposal %d: aggregate %s%n"
              .formatted(r.finalizedBlock(), r.finalizedProposal(), r.aggregateHash()));
    }
    for (RegistryParticipant p : participants) {
      b.append(RoundReport.participantText(p)).append("%n".formatted());
    }
    for (RegistryProposal p : proposals) {
      b.append(RoundReport.proposalText(p, r)).append("%n".formatted());
    }
    settlement.ifPresent(s -> b.append(RoundReport.settlementText(s)));
    return b.toString().stripTrailing();
  }
}
