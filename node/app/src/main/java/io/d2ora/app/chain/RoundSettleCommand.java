package io.d2ora.app.chain;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.TxReceipt;
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
 * {@code d2ora round settle ID}: pays a finalized round's rewards and releases its stakes, or
 * closes an expired one (pool back to the creator). Anyone may; the contract says when.
 */
@Command(
    name = "settle",
    mixinStandardHelpOptions = true,
    description = {
      "Settle a round: pay a finalized round's rewards and release every reservation, or close an",
      "expired one (refund the pool). Allowed from the finalize deadline, or at once when every",
      "counted participant attested the finalized proposal."
    })
public final class RoundSettleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Parameters(index = "0", paramLabel = "ROUND", description = "Round id.")
  long roundId;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ChainClient client = chain.settings().client()) {
      TxReceipt receipt = Chain.call(() -> client.settle(roundId));
      List<ChainEvent> events =
          Chain.call(() -> client.events(receipt.blockNumber(), receipt.blockNumber())).stream()
              .filter(e -> e.origin().transactionHash().equals(receipt.transactionHash()))
              .toList();
      Map<String, Object> settlement = RoundReport.settlement(events).orElseGet(LinkedHashMap::new);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("roundId", roundId);
      fields.put("transactionHash", receipt.transactionHash().hex());
      fields.put("blockNumber", receipt.blockNumber());
      fields.putAll(settlement);
      Output.print(
          spec,
          json,
          fields,
          "round %d settled (transaction %s)%n%s"
              .formatted(roundId, receipt.transactionHash(), RoundReport.settlementText(settlement))
              .stripTrailing());
    }
    return 0;
  }
}
