package io.d2ora.app.chain;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.TxReceipt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora stake withdraw}: with {@code --amount}, starts unbonding that much stake; without
 * it, transfers the unbonded balance back once the unbonding delay has passed.
 */
@Command(
    name = "withdraw",
    mixinStandardHelpOptions = true,
    description = {
      "With --amount: start unbonding that much free stake (rounds keep what they reserved).",
      "Without: withdraw the unbonded tokens once the unbonding delay has passed."
    })
public final class StakeWithdrawCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--amount", description = "Tokens to unbond.")
  String amount;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (ChainClient client = chain.settings().client()) {
      TxReceipt receipt =
          amount == null
              ? Chain.call(client::withdraw)
              : Chain.call(() -> client.unstake(Tokens.parse("--amount", amount)));
      StakeShowCommand.print(
          spec,
          json,
          client.account(),
          Chain.call(() -> client.stakeOf(client.account())),
          receipt);
    }
    return 0;
  }
}
