package io.d2ora.app.chain;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.TxReceipt;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d2ora stake deposit}: approves and stakes tokens. */
@Command(
    name = "deposit",
    mixinStandardHelpOptions = true,
    description = "Stake tokens (approving the registry first when needed).")
public final class StakeDepositCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--amount", required = true, description = "Tokens to stake, e.g. 100 or 2.5.")
  String amount;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    BigInteger value = Tokens.parse("--amount", amount);
    try (ChainClient client = chain.settings().client()) {
      TxReceipt receipt = Chain.call(() -> client.stake(value));
      StakeInfo stake = Chain.call(() -> client.stakeOf(client.account()));
      StakeShowCommand.print(spec, json, client.account(), stake, receipt);
    }
    return 0;
  }
}
