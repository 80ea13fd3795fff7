package io.d2ora.app.chain;

import io.d2ora.chain.ChainReader;
import io.d2ora.chain.RegistryRound;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora round list}: every round with its phase and participant count, newest last. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List rounds with their phase, participants and deadlines.")
public final class RoundListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ChainReader client = chain.settings().reader()) {
      long count = Chain.call(client::roundCount);
      List<Map<String, Object>> rows = new ArrayList<>();
      StringBuilder text = new StringBuilder(count == 0 ? "no rounds yet" : "");
      for (long id = 1; id <= count; id++) {
        long roundId = id;
        RegistryRound r = Chain.call(() -> client.round(roundId)).orElseThrow();
        RegistryRound.Phase phase = Chain.call(() -> client.phase(roundId));
        rows.add(RoundStatusCommand.summary(r, phase));
        text.append(
            "%d %s participants %d/%d commit until %s%n"
                .formatted(
                    id, phase, r.participantCount(), r.maxParticipants(), r.commitDeadline()));
      }
      Output.print(spec, json, rows, text.toString().stripTrailing());
    }
    return 0;
  }
}
