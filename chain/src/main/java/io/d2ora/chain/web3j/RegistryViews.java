package io.d2ora.chain.web3j;

import io.d2ora.chain.DisputeRecord;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The registry's and token's views, mapped from the generated wrapper's structs onto D2ORA records.
 */
final class RegistryViews {
  private final D2oraRegistry registry;
  private final D2oraStakeToken token;

  RegistryViews(D2oraRegistry registry, D2oraStakeToken token) {
    this.registry = registry;
    this.token = token;
  }

  BigInteger tokenBalance(EthAddress of) {
    return view("balanceOf", () -> token.balanceOf(of.hex()).send());
  }

  StakeInfo stakeOf(EthAddress of) {
    var s = view("getStake", () -> registry.getStake(of.hex()).send());
    return new StakeInfo(
        s.staked,
        s.unbonding,
        EventDecoder.time(s.unbondingReleaseAt),
        s.activeRounds.intValueExact());
  }

  long roundCount() {
    return view("roundCount", () -> registry.roundCount().send()).longValueExact();
  }

  Optional<RegistryRound> round(long roundId) {
    var r = view("getRound", () -> registry.getRound(big(roundId)).send());
    if (r.status.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new RegistryRound(
            roundId,
            Hash32.of(r.baseModelHash),
            Hash32.of(r.configHash),
            EventDecoder.time(r.joinDeadline),
            EventDecoder.time(r.commitDeadline),
            EventDecoder.time(r.finalizeDeadline),
            r.maxParticipants.intValueExact(),
            r.participantCount.intValueExact(),
            RegistryRound.Status.values()[r.status.intValueExact()],
            EthAddress.of(r.creator),
            EthAddress.of(r.aggregator),
            r.finalizedBlock.longValueExact(),
            Hash32.of(r.aggregateHash),
            r.minStake,
            r.rewardPool,
            r.includedSamples));
  }

  RegistryRound.Phase phase(long roundId) {
    int phase = view("phaseOf", () -> registry.phaseOf(big(roundId)).send()).intValueExact();
    return RegistryRound.Phase.values()[phase];
  }

  List<EthAddress> participants(long roundId) {
    List<?> list = view("getParticipants", () -> registry.getParticipants(big(roundId)).send());
    return list.stream().map(o -> EthAddress.of(o.toString())).toList();
  }

  Optional<RegistryParticipant> participant(long roundId, EthAddress of) {
    var p = view("getParticipant", () -> registry.getParticipant(big(roundId), of.hex()).send());
    var status = RegistryParticipant.Status.values()[p.status.intValueExact()];
    if (status == RegistryParticipant.Status.NONE) {
      return Optional.empty();
    }
    Optional<Hash32> hash = Optional.empty();
    if (status == RegistryParticipant.Status.COMMITTED) {
      hash =
          Optional.of(
              Hash32.of(
                  view(
                      "getUpdateHash",
                      () -> registry.getUpdateHash(big(roundId), of.hex()).send())));
    }
    return Optional.of(
        new RegistryParticipant(
            roundId,
            of,
            status,
            p.included,
            p.slashed,
            p.disputed,
            p.index.intValueExact(),
            p.numSamples.longValueExact(),
            p.commitBlock.longValueExact(),
            hash));
  }

  List<RegistryParticipant> participantRecords(long roundId) {
    List<RegistryParticipant> result = new ArrayList<>();
    for (EthAddress a : participants(roundId)) {
      participant(roundId, a).ifPresent(result::add);
    }
    return result;
  }

  List<RegistryCommitment> commitments(long roundId) {
    return participantRecords(roundId).stream().flatMap(p -> p.commitment().stream()).toList();
  }

  List<DisputeRecord> disputes(long roundId) {
    List<?> list = view("getDisputes", () -> registry.getDisputes(big(roundId)).send());
    return list.stream()
        .map(o -> (D2oraRegistry.Dispute) o)
        .map(
            d ->
                new DisputeRecord(
                    EthAddress.of(d.participant),
                    Hash32.of(d.claimedHash),
                    d.blockNumber.longValueExact()))
        .toList();
  }

  Optional<PeerRegistration> peer(EthAddress of) {
    var peer = view("getPeer", () -> registry.getPeer(of.hex()).send());
    if (peer.component1().length == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new PeerRegistration(of, HexFormat.of().formatHex(peer.component1()), peer.component2()));
  }

  private static <T> T view(String name, Callable<T> call) {
    return Views.call(name, call);
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
