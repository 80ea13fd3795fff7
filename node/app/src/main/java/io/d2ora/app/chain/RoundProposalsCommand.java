package io.d2ora.app.chain;

import io.d2ora.chain.ChainReader;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RegistrySnapshot;
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
 * {@code d2ora round proposals ID}: who proposed what, who attested which proposal, the quorum, and
 * which proposal finalized the round.
 */
@Command(
    name = "proposals",
    mixinStandardHelpOptions = true,
    description =
        "Show a round's proposals: proposer, aggregate, included set, attesters, quorum, and which"
            + " one finalized.")
public final class RoundProposalsCommand implements Callable<Integer> {
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
      RegistryRound round = RoundStatusCommand.existing(client, at, roundId);
      List<RegistryProposal> proposals = Chain.call(() -> at.proposals(roundId));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("roundId", roundId);
      fields.put("quorumBps", round.quorumBps());
      fields.put("committedCount", round.committedCount());
      fields.put("finalizedProposal", round.finalized() ? round.finalizedProposal() : null);
      fields.put(
          "proposals", proposals.stream().map(p -> RoundReport.proposalJson(p, round)).toList());
      StringBuilder text =
          new StringBuilder(
              "round %d: %s, quorum %s of %d committed%n"
                  .formatted(
                      roundId,
                      proposals.isEmpty() ? "no proposals yet" : proposals.size() + " proposal(s)",
                      RoundStatusCommand.percent(round.quorumBps()),
                      round.committedCount()));
      for (RegistryProposal p : proposals) {
        text.append(RoundReport.proposalText(p, round)).append("%n".formatted());
      }
      Output.print(spec, json, fields, text.toString().stripTrailing());
    }
    return 0;
  }
}
