package io.d2ora.app.chain;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.TxReceipt;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora round forfeit ID ADDRESS}: penalises a participant who joined and never committed,
 * after the commit deadline (settlement does it for everyone left; this does it early).
 */
@Command(
    name = "forfeit",
    mixinStandardHelpOptions = true,
    description =
        "Penalise a participant that joined and did not commit (after the commit deadline): it"
            + " loses a share of its reservation, the rest is released.")
public final class RoundForfeitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Parameters(index = "0", paramLabel = "ROUND", description = "Round id.")
  long roundId;

  @Parameters(index = "1", paramLabel = "ADDRESS", description = "The silent participant.")
  String participant;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    EthAddress silent = StakeShowCommand.address("ADDRESS", participant);
    try (ChainClient client = chain.settings().client()) {
      TxReceipt receipt = Chain.call(() -> client.forfeit(roundId, silent));
      BigInteger penalty =
          Chain.call(() -> client.events(receipt.blockNumber(), receipt.blockNumber())).stream()
              .filter(e -> e instanceof ChainEvent.Forfeited f && f.participant().equals(silent))
              .map(e -> ((ChainEvent.Forfeited) e).penalty())
              .findFirst()
              .orElse(BigInteger.ZERO);
      Output.print(
          spec,
          json,
          Map.of(
              "roundId", roundId,
              "participant", silent.hex(),
              "penalty", penalty.toString(),
              "transactionHash", receipt.transactionHash().hex(),
              "blockNumber", receipt.blockNumber()),
          "%s forfeited %s in round %d (block %d)"
              .formatted(silent, Tokens.format(penalty), roundId, receipt.blockNumber()));
    }
    return 0;
  }
}
