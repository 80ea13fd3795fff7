package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainEvent.Origin;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.contracts.D2oraRegistry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes registry logs into {@link ChainEvent}s through the generated wrapper's per-event
 * decoders.
 */
final class EventDecoder {
  private static final Map<String, BiFunction<Origin, Log, ChainEvent>> DECODERS = new HashMap<>();

  static {
    on(
        D2oraRegistry.PEERREGISTERED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getPeerRegisteredEventFromLog(l);
          return new ChainEvent.PeerRegistered(
              o, addr(e.account), HexFormat.of().formatHex(e.peerId), e.multiaddrs);
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
              o, addr(e.account), e.amount, e.unbonding, time(e.releaseAt));
        });
    on(
        D2oraRegistry.WITHDRAWN_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getWithdrawnEventFromLog(l);
          return new ChainEvent.Withdrawn(o, addr(e.account), e.amount);
        });
    on(
        D2oraRegistry.ROUNDCREATED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundCreatedEventFromLog(l);
          var params =
              new RoundParams(
                  Hash32.of(e.baseModelHash),
                  Hash32.of(e.configHash),
                  time(e.joinDeadline),
                  time(e.commitDeadline),
                  time(e.finalizeDeadline),
                  e.minStake,
                  e.maxParticipants.intValueExact(),
                  e.rewardPool,
                  addr(e.aggregator));
          return new ChainEvent.RoundCreated(
              o, e.roundId.longValueExact(), addr(e.creator), params);
        });
    on(
        D2oraRegistry.JOINED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getJoinedEventFromLog(l);
          return new ChainEvent.Joined(
              o, e.roundId.longValueExact(), addr(e.participant), e.index.intValueExact());
        });
    on(
        D2oraRegistry.UPDATECOMMITTED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getUpdateCommittedEventFromLog(l);
          return new ChainEvent.UpdateCommitted(
              o,
              e.roundId.longValueExact(),
              addr(e.signer),
              Hash32.of(e.updateHash),
              e.numSamples.longValueExact());
        });
    on(
        D2oraRegistry.ROUNDFINALIZED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundFinalizedEventFromLog(l);
          return new ChainEvent.RoundFinalized(
              o,
              e.roundId.longValueExact(),
              Hash32.of(e.aggregateHash),
              e.included.stream().map(EthAddress::of).toList(),
              e.includedSamples);
        });
    on(
        D2oraRegistry.REWARDPAID_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRewardPaidEventFromLog(l);
          return new ChainEvent.RewardPaid(
              o, e.roundId.longValueExact(), addr(e.participant), e.amount);
        });
    on(
        D2oraRegistry.ROUNDSETTLED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getRoundSettledEventFromLog(l);
          return new ChainEvent.RoundSettled(
              o, e.roundId.longValueExact(), e.distributed, e.refunded);
        });
    on(
        D2oraRegistry.FORFEITED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getForfeitedEventFromLog(l);
          return new ChainEvent.Forfeited(
              o, e.roundId.longValueExact(), addr(e.participant), e.penalty);
        });
    on(
        D2oraRegistry.EQUIVOCATIONSLASHED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getEquivocationSlashedEventFromLog(l);
          return new ChainEvent.EquivocationSlashed(
              o,
              e.roundId.longValueExact(),
              addr(e.signer),
              addr(e.reporter),
              e.slashed,
              e.reporterReward);
        });
    on(
        D2oraRegistry.DISPUTED_EVENT,
        (o, l) -> {
          var e = D2oraRegistry.getDisputedEventFromLog(l);
          return new ChainEvent.Disputed(
              o,
              e.roundId.longValueExact(),
              addr(e.participant),
              Hash32.of(e.claimedHash),
              e.disputeIndex.longValueExact());
        });
  }

  private EventDecoder() {}

  private static void on(Event event, BiFunction<Origin, Log, ChainEvent> decoder) {
    DECODERS.put(EventEncoder.encode(event).toLowerCase(Locale.ROOT), decoder);
  }

  /** The event, or empty for logs that are not registry events (e.g. EIP712DomainChanged). */
  static Optional<ChainEvent> decode(Log log) {
    if (log.getTopics().isEmpty()) {
      return Optional.empty();
    }
    var decoder = DECODERS.get(log.getTopics().get(0).toLowerCase(Locale.ROOT));
    if (decoder == null) {
      return Optional.empty();
    }
    Origin origin =
        new Origin(
            log.getBlockNumber().longValueExact(),
            Hash32.of(log.getTransactionHash()),
            log.getLogIndex().longValueExact());
    return Optional.of(decoder.apply(origin, log));
  }

  private static EthAddress addr(String hex) {
    return EthAddress.of(hex);
  }

  static Instant time(BigInteger seconds) {
    return Instant.ofEpochSecond(seconds.longValueExact());
  }
}
