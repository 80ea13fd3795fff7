package io.d2ora.app.chain;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.TxReceipt;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora round join ID}: joins a round, reserving its minimum stake until the round releases
 * it.
 */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description = "Join a round (reserves the round's minimum stake out of free stake).")
public final class RoundJoinCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Parameters(index = "0", paramLabel = "ROUND", description = "Round id.")
  long roundId;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ChainClient client = chain.settings().client()) {
      TxReceipt receipt = Chain.call(() -> client.join(roundId));
      Output.print(
          spec,
          json,
          Map.of(
              "roundId",
              roundId,
              "account",
              client.account().hex(),
              "transactionHash",
              receipt.transactionHash().hex(),
              "blockNumber",
              receipt.blockNumber()),
          "%s joined round %d (block %d)"
              .formatted(client.account(), roundId, receipt.blockNumber()));
    }
    return 0;
  }
}
