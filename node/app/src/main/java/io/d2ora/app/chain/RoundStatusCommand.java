package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.DisputeRecord;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora round status ID}: a round's parameters, phase, participants, commitments and
 * disputes.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show a round: phase, deadlines, participants and their commitments, finalization.")
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
      RegistryRound round =
          Chain.call(() -> client.round(roundId))
              .orElseThrow(
                  () ->
                      new UserException(
                          "round "
                              + roundId
                              + " does not exist (there are "
                              + Chain.call(client::roundCount)
                              + ")"));
      RegistryRound.Phase phase = Chain.call(() -> client.phase(roundId));
      Instant now = Chain.call(client::latestBlockTime);
      List<RegistryParticipant> participants = Chain.call(() -> client.participantRecords(roundId));
      List<DisputeRecord> disputes = Chain.call(() -> client.disputes(roundId));
      Output.print(
          spec,
          json,
          json(round, phase, now, participants, disputes),
          text(round, phase, now, participants, disputes));
    }
    return 0;
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
    m.put("rewardPool", r.rewardPool().toString());
    m.put("creator", r.creator().hex());
    m.put("aggregator", r.aggregator().hex());
    return m;
  }

  private static Map<String, Object> json(
      RegistryRound r,
      RegistryRound.Phase phase,
      Instant now,
      List<RegistryParticipant> participants,
      List<DisputeRecord> disputes) {
    Map<String, Object> m = summary(r, phase);
    m.put("chainTime", now.getEpochSecond());
    m.put("aggregateHash", r.aggregateHash().isZero() ? null : r.aggregateHash().hex());
    m.put("finalizedBlock", r.finalizedBlock());
    m.put("includedSamples", r.includedSamples().toString());
    m.put(
        "participants",
        participants.stream()
            .map(
                p -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("account", p.account().hex());
                  e.put("status", p.status().name());
                  e.put("updateHash", p.updateHash().map(h -> h.hex()).orElse(null));
                  e.put("numSamples", p.numSamples());
                  e.put("commitBlock", p.commitBlock());
                  e.put("included", p.included());
                  e.put("slashed", p.slashed());
                  e.put("disputed", p.disputed());
                  return e;
                })
            .toList());
    m.put(
        "disputes",
        disputes.stream()
            .map(
                d ->
                    Map.of(
                        "participant",
                        d.participant().hex(),
                        "claimedHash",
                        d.claimedHash().hex(),
                        "blockNumber",
                        d.blockNumber()))
            .toList());
    return m;
  }

  private static String text(
      RegistryRound r,
      RegistryRound.Phase phase,
      Instant now,
      List<RegistryParticipant> participants,
      List<DisputeRecord> disputes) {
    StringBuilder b = new StringBuilder();
    b.append("round %d: %s (chain time %s)%n".formatted(r.roundId(), phase, now));
    b.append("  base model %s, config %s%n".formatted(r.baseModelHash(), r.configHash()));
    b.append(
        "  join until %s, commit until %s, finalize until %s%n"
            .formatted(r.joinDeadline(), r.commitDeadline(), r.finalizeDeadline()));
    b.append(
        "  participants %d/%d, min stake %s, reward pool %s, aggregator %s%n"
            .formatted(
                r.participantCount(),
                r.maxParticipants(),
                Tokens.format(r.minStake()),
                Tokens.format(r.rewardPool()),
                r.aggregator()));
    if (!r.aggregateHash().isZero()) {
      b.append(
          "  finalized in block %d: aggregate %s over %s samples%n"
              .formatted(r.finalizedBlock(), r.aggregateHash(), r.includedSamples()));
    }
    for (RegistryParticipant p : participants) {
      b.append(
          "  %s %s%s%s%n"
              .formatted(
                  p.account(),
                  p.status(),
                  p.updateHash()
                      .map(
                          h ->
                              " "
                                  + h
                                  + " ("
                                  + p.numSamples()
                                  + " samples, block "
                                  + p.commitBlock()
                                  + ")")
                      .orElse(""),
                  (p.included() ? " included" : "") + (p.slashed() ? " SLASHED" : "")));
    }
    for (DisputeRecord d : disputes) {
      b.append(
          "  dispute by %s: claims %s (block %d)%n"
              .formatted(d.participant(), d.claimedHash(), d.blockNumber()));
    }
    return b.toString().stripTrailing();
  }
}
