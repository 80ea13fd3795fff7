package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Reservation;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.TxReceipt;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora stake show}: an account's stake, split into what rounds hold reserved (per round)
 * and what is free to unstake, its unbonding balance and its token balance.
 */
@Command(
    name = "show",
    aliases = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show an account's stake (default: the key's account): staked, reserved per round, free,"
            + " unbonding.")
public final class StakeShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--account", description = "Account to show instead of the key's.")
  String account;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    ChainSettings settings = chain.settings();
    EthAddress who = account == null ? settings.key().address() : address("--account", account);
    try (ChainReader client = settings.reader()) {
      StakeInfo stake = Chain.call(() -> client.stakeOf(who));
      List<Reservation> reservations = Chain.call(() -> client.reservations(who));
      BigInteger balance = Chain.call(() -> client.tokenBalance(who));
      Map<String, Object> fields = fields(who, stake, null);
      fields.put(
          "reservations",
          reservations.stream()
              .map(r -> Map.of("roundId", r.roundId(), "amount", r.amount().toString()))
              .toList());
      fields.put("tokenBalance", balance.toString());
      StringBuilder text = new StringBuilder(text(who, stake));
      for (Reservation r : reservations) {
        text.append("\n  round %d reserves %s".formatted(r.roundId(), Tokens.format(r.amount())));
      }
      text.append("\ntoken balance: ").append(Tokens.format(balance));
      Output.print(spec, json, fields, text.toString());
    }
    return 0;
  }

  static EthAddress address(String option, String text) {
    try {
      return EthAddress.of(text);
    } catch (IllegalArgumentException e) {
      throw new UserException(option + ": " + e.getMessage(), e);
    }
  }

  static void print(CommandSpec spec, boolean json, EthAddress who, StakeInfo stake, TxReceipt tx) {
    Output.print(
        spec,
        json,
        fields(who, stake, tx),
        text(who, stake)
            + "\ntransaction: "
            + tx.transactionHash()
            + " (block "
            + tx.blockNumber()
            + ")");
  }

  private static Map<String, Object> fields(EthAddress who, StakeInfo stake, TxReceipt tx) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("account", who.hex());
    fields.put("staked", stake.staked().toString());
    fields.put("reserved", stake.reserved().toString());
    fields.put("free", stake.free().toString());
    fields.put("unbonding", stake.unbonding().toString());
    fields.put("unbondingReleaseAt", stake.unbondingReleaseAt().getEpochSecond());
    if (tx != null) {
      fields.put("transactionHash", tx.transactionHash().hex());
      fields.put("blockNumber", tx.blockNumber());
    }
    return fields;
  }

  private static String text(EthAddress who, StakeInfo stake) {
    String unbonding =
        stake.unbonding().signum() == 0
            ? "0"
            : Tokens.format(stake.unbonding())
                + " (withdrawable from "
                + stake.unbondingReleaseAt()
                + ")";
    return "account: %s\nstaked: %s\nreserved by rounds: %s\nfree: %s\nunbonding: %s"
        .formatted(
            who,
            Tokens.format(stake.staked()),
            Tokens.format(stake.reserved()),
            Tokens.format(stake.free()),
            unbonding);
  }
}
