package io.d2ora.chain.web3j;

import static io.d2ora.chain.web3j.ChainValues.toEnum;
import static io.d2ora.chain.web3j.ChainValues.toInt;
import static io.d2ora.chain.web3j.ChainValues.toLong;
import static io.d2ora.chain.web3j.ChainValues.toTime;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RegistryLimits;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.StakeInfo;
import io.d2ora.chain.contracts.D2oraRegistry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generated wrapper's structs mapped onto the chain module's records, every number checked
 * ({@link ChainValues}): what a hostile or broken node returns becomes a named {@link
 * io.d2ora.chain.ChainDataException} or, for sample counts, a {@link BigInteger} the caller judges.
 */
final class RegistryRecords {
  private RegistryRecords() {}

  static RegistryRound round(long roundId, D2oraRegistry.Round r) {
    return new RegistryRound(
        roundId,
        Hash32.of(r.baseModelHash),
        Hash32.of(r.configHash),
        EthAddress.of(r.creator),
        EthAddress.of(r.aggregator),
        toTime("joinDeadline", r.joinDeadline),
        toTime("commitDeadline", r.commitDeadline),
        toTime("finalizeDeadline", r.finalizeDeadline),
        r.minStake,
        toInt("maxParticipants", r.maxParticipants),
        toLong("sampleCap", r.sampleCap),
        toInt("quorumBps", r.quorumBps),
        toEnum("round status", r.status, RegistryRound.Status.class),
        toInt("participantCount", r.participantCount),
        toInt("committedCount", r.committedCount),
        toInt("proposalCount", r.proposalCount),
        toInt("finalizedProposal", r.finalizedProposal),
        toLong("createdBlock", r.createdBlock),
        toLong("finalizedBlock", r.finalizedBlock),
        Hash32.of(r.aggregateHash),
        r.rewardPool,
        r.forfeitPool);
  }

  static RegistryParticipant participant(
      long roundId, EthAddress account, D2oraRegistry.Participant p, Optional<Hash32> updateHash) {
    return new RegistryParticipant(
        roundId,
        account,
        toEnum("participant status", p.status, RegistryParticipant.Status.class),
        p.slashed,
        p.released,
        p.proposed,
        toInt("participant index", p.index),
        ChainValues.nonNegative("numSamples", p.numSamples),
        toLong("commitBlock", p.commitBlock),
        toTime("commitTime", p.commitTime),
        toInt("attestedProposal", p.attestedProposal),
        toLong("attestBlock", p.attestBlock),
        p.reservedStake,
        toLong("joinBlock", p.joinBlock),
        toTime("joinTime", p.joinTime),
        updateHash);
  }

  /**
   * A proposal; {@code participants} in join order decode its bitmap, {@code records} (same order)
   * tell who attested it.
   */
  static RegistryProposal proposal(
      long roundId,
      int index,
      D2oraRegistry.Proposal p,
      List<EthAddress> participants,
      List<RegistryParticipant> records) {
    BigInteger bitmap = p.includedBitmap;
    if (bitmap.signum() < 0 || bitmap.bitLength() > participants.size()) {
      throw new io.d2ora.chain.ChainDataException(
          "the chain returned proposal %d of round %d including participant %d of %d"
              .formatted(index, roundId, bitmap.bitLength() - 1, participants.size()));
    }
    List<EthAddress> included = new ArrayList<>();
    for (int i = 0; i < participants.size(); i++) {
      if (bitmap.testBit(i)) {
        included.add(participants.get(i));
      }
    }
    List<EthAddress> attesters =
        records.stream()
            .filter(r -> r.attestedProposal() == index)
            .map(RegistryParticipant::account)
            .toList();
    return new RegistryProposal(
        roundId,
        index,
        Hash32.of(p.aggregateHash),
        Hash32.of(p.includedSetHash),
        EthAddress.of(p.proposer),
        toLong("proposedBlock", p.proposedBlock),
        toInt("attestations", p.attestations),
        toInt("quorum", p.quorum),
        toLong("quorumBlock", p.quorumBlock),
        ChainValues.nonNegative("includedSamples", p.includedSamples),
        included.stream().sorted().toList(),
        attesters);
  }

  static StakeInfo stake(D2oraRegistry.StakeInfo s) {
    return new StakeInfo(
        s.staked, s.reserved, s.unbonding, toTime("unbondingReleaseAt", s.unbondingReleaseAt));
  }

  /** The constants, in {@link RegistryLimits}' order, as the contract returned them. */
  static RegistryLimits limits(List<BigInteger> c) {
    return new RegistryLimits(
        toInt("DEFAULT_QUORUM_BPS", c.get(0)),
        toInt("MIN_QUORUM_BPS", c.get(1)),
        toInt("MAX_QUORUM_BPS", c.get(2)),
        toLong("MAX_SAMPLE_CAP", c.get(3)),
        toInt("MAX_PARTICIPANTS_LIMIT", c.get(4)),
        seconds("MIN_COMMIT_WINDOW", c.get(5)),
        seconds("MIN_FINALIZE_WINDOW", c.get(6)),
        seconds("MAX_FINALIZE_WINDOW", c.get(7)),
        seconds("MAX_ROUND_DURATION", c.get(8)),
        seconds("EVIDENCE_WINDOW", c.get(9)),
        seconds("unbondingDelay", c.get(10)),
        toInt("FORFEIT_BPS", c.get(11)),
        toInt("EQUIVOCATION_BPS", c.get(12)),
        toInt("REPORTER_BPS", c.get(13)));
  }

  private static java.time.Duration seconds(String field, BigInteger s) {
    return java.time.Duration.ofSeconds(toLong(field, s));
  }
}
