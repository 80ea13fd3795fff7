package io.d2ora.app.dashboard;

import io.d2ora.chain.ChainBlock;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import java.util.List;
import java.util.Optional;

/**
 * Everything the chain says about one round, read together: the round record, its time-based phase,
 * participants, proposals and events (transactions, payouts), and the latest block.
 */
record RoundData(
    RegistryRound round,
    RegistryRound.Phase phase,
    ChainBlock latest,
    List<RegistryParticipant> participants,
    List<RegistryProposal> proposals,
    List<ChainEvent> events) {

  /** The round {@code id}, or a 404 that says how many rounds there are. */
  static RoundData read(ChainReader chain, long id) {
    Optional<RegistryRound> round = chain.round(id);
    if (round.isEmpty()) {
      throw notFound(id, chain.roundCount());
    }
    return new RoundData(
        round.get(),
        chain.phase(id),
        chain.latestBlock(),
        chain.participantRecords(id),
        chain.proposals(id),
        chain.roundEvents(id));
  }

  static DashboardException notFound(long id, long count) {
    return new DashboardException(
        404,
        "Round "
            + id
            + " does not exist: the registry has "
            + (count == 0 ? "no rounds yet." : "rounds 1 to " + count + "."));
  }

  /** The events of type {@code type}, in chain order. */
  <E extends ChainEvent> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  Optional<RegistryProposal> finalizedProposal() {
    return proposals.stream().filter(p -> p.index() == round.finalizedProposal()).findFirst();
  }
}
