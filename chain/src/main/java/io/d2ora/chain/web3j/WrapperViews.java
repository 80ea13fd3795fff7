package io.d2ora.chain.web3j;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.PeerRegistration;
import io.d2ora.chain.RegistryCommitment;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RegistryViews;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The registry's and token's views through the generated wrappers, every call answered at one block
 * parameter (latest, or a pinned number for a snapshot), mapped by {@link RegistryRecords}.
 */
class WrapperViews implements RegistryViews {
  private final D2oraRegistry registry;
  private final D2oraStakeToken token;

  WrapperViews(
      Web3j web3j,
      EthAddress registryAddress,
      EthAddress tokenAddress,
      EthAddress caller,
      DefaultBlockParameter block) {
    var readOnly = new ReadonlyTransactionManager(web3j, caller.hex());
    var gas = new DefaultGasProvider();
    this.registry = D2oraRegistry.load(registryAddress.hex(), web3j, readOnly, gas);
    this.token = D2oraStakeToken.load(tokenAddress.hex(), web3j, readOnly, gas);
    registry.setDefaultBlockParameter(block);
    token.setDefaultBlockParameter(block);
  }

  @Override
  public BigInteger tokenBalance(EthAddress of) {
    return view("balanceOf", () -> token.balanceOf(of.hex()).send());
  }

  @Override
  public StakeInfo stakeOf(EthAddress of) {
    return RegistryRecords.stake(view("getStake", () -> registry.getStake(of.hex()).send()));
  }

  @Override
  public long roundCount() {
    return ChainValues.toLong("roundCount", view("roundCount", () -> registry.roundCount().send()));
  }

  @Override
  public Optional<RegistryRound> round(long roundId) {
    var r = view("getRound", () -> registry.getRound(big(roundId)).send());
    if (r.status.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(RegistryRecords.round(roundId, r));
  }

  @Override
  public RegistryRound.Phase phase(long roundId) {
    return ChainValues.toEnum(
        "phase",
        view("phaseOf", () -> registry.phaseOf(big(roundId)).send()),
        RegistryRound.Phase.class);
  }

  @Override
  public List<EthAddress> participants(long roundId) {
    List<?> list = view("getParticipants", () -> registry.getParticipants(big(roundId)).send());
    return list.stream().map(o -> EthAddress.of(o.toString())).toList();
  }

  @Override
  public Optional<RegistryParticipant> participant(long roundId, EthAddress of) {
    var p = view("getParticipant", () -> registry.getParticipant(big(roundId), of.hex()).send());
    if (p.status.signum() == 0) {
      return Optional.empty();
    }
    Optional<Hash32> hash = Optional.empty();
    if (p.commitBlock.signum() != 0) {
      hash =
          Optional.of(
              Hash32.of(
                  view(
                      "getUpdateHash",
                      () -> registry.getUpdateHash(big(roundId), of.hex()).send())));
    }
    return Optional.of(RegistryRecords.participant(roundId, of, p, hash));
  }

  @Override
  public List<RegistryParticipant> participantRecords(long roundId) {
    List<RegistryParticipant> result = new ArrayList<>();
    for (EthAddress a : participants(roundId)) {
      participant(roundId, a).ifPresent(result::add);
    }
    return result;
  }

  @Override
  public List<RegistryCommitment> commitments(long roundId) {
    return participantRecords(roundId).stream().flatMap(p -> p.commitment().stream()).toList();
  }

  @Override
  public List<RegistryProposal> proposals(long roundId) {
    Optional<RegistryRound> round = round(roundId);
    if (round.isEmpty() || round.get().proposalCount() == 0) {
      return List.of();
    }
    List<EthAddress> participants = participants(roundId);
    List<RegistryParticipant> records = participantRecords(roundId);
    List<RegistryProposal> result = new ArrayList<>();
    for (int i = 1; i <= round.get().proposalCount(); i++) {
      result.add(proposal(roundId, i, participants, records));
    }
    return result;
  }

  @Override
  public Optional<RegistryProposal> proposal(long roundId, int index) {
    Optional<RegistryRound> round = round(roundId);
    if (index < 1 || round.isEmpty() || index > round.get().proposalCount()) {
      return Optional.empty();
    }
    return Optional.of(
        proposal(roundId, index, participants(roundId), participantRecords(roundId)));
  }

  private RegistryProposal proposal(
      long roundId, int index, List<EthAddress> participants, List<RegistryParticipant> records) {
    var p = view("getProposal", () -> registry.getProposal(big(roundId), big(index)).send());
    return RegistryRecords.proposal(roundId, index, p, participants, records);
  }

  @Override
  public OptionalInt proposalIndex(long roundId, Hash32 aggregateHash, Hash32 includedSetHash) {
    int index =
        ChainValues.toInt(
            "proposalIndexOf",
            view(
                "proposalIndexOf",
                () ->
                    registry
                        .proposalIndexOf(
                            big(roundId), aggregateHash.bytes(), includedSetHash.bytes())
                        .send()));
    return index == 0 ? OptionalInt.empty() : OptionalInt.of(index);
  }

  @Override
  public Optional<PeerRegistration> peer(EthAddress of) {
    var peer = view("getPeer", () -> registry.getPeer(of.hex()).send());
    if (peer.component1().length == 0) {
      return Optional.empty();
    }
    HexFormat hex = HexFormat.of();
    return Optional.of(
        new PeerRegistration(
            of,
            hex.formatHex(peer.component1()),
            peer.component2(),
            hex.formatHex(peer.component3())));
  }

  D2oraRegistry registry() {
    return registry;
  }

  static <T> T view(String name, Callable<T> call) {
    return Views.call(name, call);
  }

  static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
