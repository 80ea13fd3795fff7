package io.d2ora.app.chain;

import io.d2ora.app.cli.UserException;
import io.d2ora.chain.ChainClient;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.IncludedSet;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.SignedAttestation;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.signing.AttestationSigner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code d2ora round attest ID --aggregate-hash H --included a,b,..}: signs, as the key's account,
 * that this aggregate is what the included updates aggregate to, and submits it. A node does this
 * itself after recomputing; this is for doing it by hand. Signing two different ones for one round
 * is slashable.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Attest a proposal by hand: sign that AGGREGATE is the aggregate of the INCLUDED updates and",
      "submit it. Only after checking it: attesting two different results in one round is slashed."
    })
public final class RoundAttestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Parameters(index = "0", paramLabel = "ROUND", description = "Round id.")
  long roundId;

  @Option(
      names = "--aggregate-hash",
      required = true,
      paramLabel = "HASH",
      description = "The proposal's aggregate hash (0x + 64 hex).")
  String aggregateHash;

  @Option(
      names = "--included",
      required = true,
      split = ",",
      paramLabel = "ADDRESS",
      description = "The proposal's included participants, comma-separated, any order.")
  List<String> included;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    Hash32 aggregate = hash(aggregateHash);
    List<EthAddress> set =
        included.stream().map(a -> StakeShowCommand.address("--included", a)).toList();
    Hash32 setHash;
    try {
      setHash = IncludedSet.hash(set);
    } catch (IllegalArgumentException e) {
      throw new UserException("--included: " + e.getMessage(), e);
    }
    ChainSettings settings = chain.settings();
    try (ChainClient client = settings.client()) {
      SignedAttestation signed =
          new AttestationSigner(client.chainId(), client.registryAddress())
              .sign(settings.key(), roundId, aggregate, setHash);
      TxReceipt receipt = Chain.call(() -> client.attest(signed));
      int index = Chain.call(() -> client.proposalIndex(roundId, aggregate, setHash)).orElse(0);
      RegistryProposal p = Chain.call(() -> client.proposal(roundId, index)).orElseThrow();
      var fields = new java.util.LinkedHashMap<String, Object>();
      fields.put("roundId", roundId);
      fields.put("attester", client.account().hex());
      fields.put("proposal", index);
      fields.put("attestations", p.attestations());
      fields.put("quorum", p.quorum());
      fields.put("finalized", p.reachedQuorum());
      fields.put("transactionHash", receipt.transactionHash().hex());
      fields.put("blockNumber", receipt.blockNumber());
      Output.print(
          spec,
          json,
          fields,
          "%s attested proposal %d of round %d: %d of %d attestations%s (block %d)"
              .formatted(
                  client.account(),
                  index,
                  roundId,
                  p.attestations(),
                  p.quorum(),
                  p.reachedQuorum() ? ", finalized" : "",
                  receipt.blockNumber()));
    }
    return 0;
  }

  private static Hash32 hash(String text) {
    try {
      return Hash32.of(text);
    } catch (IllegalArgumentException e) {
      throw new UserException("--aggregate-hash: " + e.getMessage(), e);
    }
  }
}
