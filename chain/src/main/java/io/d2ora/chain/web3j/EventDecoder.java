package io.d2ora.chain.web3j;

import static io.d2ora.chain.web3j.ChainValues.toInt;
import static io.d2ora.chain.web3j.ChainValues.toLong;
import static io.d2ora.chain.web3j.ChainValues.toTime;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEvent.Origin;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.contracts.D2oraRegistry;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes registry logs into {@link ChainEvent}s through the generated wrapper's per-event
 * decoders. A log the registry cannot have emitted (out-of-range values, undecodable data) is
 * dropped with a warning instead of stopping every later event from being delivered.
 */
final class EventDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);
  private static final Map<String, BiFunction<Origin, Log, ChainEvent>> DECODERS = new HashMap<>();

  static {
    peersAndStake();
    rounds();
    outcomes();
  }

  private EventDecoder() {}

  private static void peersAndStake() {
    HexFormat hex = HexFormat.of();
    on(
        D2oraRegistry.PEERREGISTERED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getPeerRegisteredEventFromLog(l);
          return new ChainEvent.PeerRegistered(
              o, addr(e.account), hex.formatHex(e.peerId), e.multiaddrs, hex.formatHex(e.proof));
        });
    on(
        D2oraRegistry.STAKED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getStakedEventFromLog(l);
          return new ChainEvent.Staked(o, addr(e.account), e.amount, e.totalStaked);
        });
    on(
        D2oraRegistry.UNSTAKEREQUESTED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getUnstakeRequestedEventFromLog(l);
          return new ChainEvent.UnstakeRequested(
              o, addr(e.account), e.amount, e.unbonding, toTime("releaseAt", e.releaseAt));
        });
    on(
        D2oraRegistry.WITHDRAWN_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getWithdrawnEventFromLog(l);
          return new ChainEvent.Withdrawn(o, addr(e.account), e.amount);
        });
  }

  private static void rounds() {
    on(
        D2oraRegistry.ROUNDCREATED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundCreatedEventFromLog(l);
          var params =
              new RoundParams(
                  Hash32.of(e.baseModelHash),
                  Hash32.of(e.configHash),
                  toTime("joinDeadline", e.joinDeadline),
                  toTime("commitDeadline", e.commitDeadline),
                  toTime("finalizeDeadline", e.finalizeDeadline),
                  e.minStake,
                  toInt("maxParticipants", e.maxParticipants),
                  toLong("sampleCap", e.sampleCap),
                  toInt("quorumBps", e.quorumBps),
                  e.rewardPool,
                  addr(e.aggregator));
          return new ChainEvent.RoundCreated(o, round(e.roundId), addr(e.creator), params);
        });
    on(
        D2oraRegistry.JOINED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getJoinedEventFromLog(l);
          return new ChainEvent.Joined(
              o, round(e.roundId), addr(e.participant), toInt("index", e.index), e.reservedStake);
        });
    on(
        D2oraRegistry.UPDATECOMMITTED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getUpdateCommittedEventFromLog(l);
          return new ChainEvent.UpdateCommitted(
              o, round(e.roundId), addr(e.signer), Hash32.of(e.updateHash), e.numSamples);
        });
    on(
        D2oraRegistry.AGGREGATEPROPOSED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getAggregateProposedEventFromLog(l);
          return new ChainEvent.AggregateProposed(
              o,
              round(e.roundId),
              toInt("proposalIndex", e.proposalIndex),
              addr(e.proposer),
              Hash32.of(e.aggregateHash),
              Hash32.of(e.includedSetHash),
              e.included.stream().map(EthAddress::of).toList(),
              e.includedSamples);
        });
    on(
        D2oraRegistry.ATTESTED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getAttestedEventFromLog(l);
          return new ChainEvent.Attested(
              o,
              round(e.roundId),
              addr(e.attester),
              toInt("proposalIndex", e.proposalIndex),
              toInt("attestations", e.attestations));
        });
    on(
        D2oraRegistry.ROUNDFINALIZED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundFinalizedEventFromLog(l);
          return new ChainEvent.RoundFinalized(
              o,
              round(e.roundId),
              toInt("proposalIndex", e.proposalIndex),
              Hash32.of(e.aggregateHash),
              toInt("attestations", e.attestations));
        });
  }

  private static void outcomes() {
    on(
        D2oraRegistry.REWARDPAID_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRewardPaidEventFromLog(l);
          return new ChainEvent.RewardPaid(o, round(e.roundId), addr(e.participant), e.amount);
        });
    on(
        D2oraRegistry.STAKERELEASED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getStakeReleasedEventFromLog(l);
          return new ChainEvent.StakeReleased(o, round(e.roundId), addr(e.participant), e.amount);
        });
    on(
        D2oraRegistry.FORFEITED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getForfeitedEventFromLog(l);
          return new ChainEvent.Forfeited(o, round(e.roundId), addr(e.participant), e.penalty);
        });
    on(
        D2oraRegistry.ROUNDSETTLED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundSettledEventFromLog(l);
          return new ChainEvent.RoundSettled(
              o, round(e.roundId), e.distributed, e.refunded, e.burned);
        });
    on(
        D2oraRegistry.ROUNDREFUNDED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundRefundedEventFromLog(l);
          return new ChainEvent.RoundRefunded(o, round(e.roundId), e.refunded, e.burned);
        });
    on(
        D2oraRegistry.SLASHED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getSlashedEventFromLog(l);
          return new ChainEvent.Slashed(
              o,
              round(e.roundId),
              addr(e.offender),
              addr(e.reporter),
              ChainValues.toEnum("offense", e.offense, ChainEvent.Offense.class),
              e.amount,
              e.bounty);
        });
  }

  private static void on(Event event, BiFunction<Origin, Log, ChainEvent> decoder) {
    DECODERS.put(EventEncoder.encode(event).toLowerCase(Locale.ROOT), decoder);
  }

  /**
   * The event, or empty for logs that are not registry events (e.g. EIP712DomainChanged) and for
   * logs the registry cannot have emitted.
   */
  static Optional<ChainEvent> decode(Log log) {
    if (log.getTopics() == null || log.getTopics().isEmpty()) {
      return Optional.empty();
    }
    var decoder = DECODERS.get(log.getTopics().get(0).toLowerCase(Locale.ROOT));
    if (decoder == null) {
      return Optional.empty();
    }
    try {
      Origin origin =
          new Origin(
              toLong("log block", log.getBlockNumber()),
              Hash32.of(log.getTransactionHash()),
              toLong("log index", log.getLogIndex()));
      return Optional.of(decoder.apply(origin, log));
    } catch (RuntimeException e) {
      LOG.warn(
          "dropping a registry log the registry cannot have emitted (block {}, tx {}): {}",
          log.getBlockNumberRaw(),
          log.getTransactionHash(),
          e.toString());
      return Optional.empty();
    }
  }

  private static EthAddress addr(String hex) {
    return EthAddress.of(hex);
  }

  private static long round(BigInteger id) {
    return toLong("roundId", id);
  }
}
