package io.d2ora.core.round;

import io.d2ora.core.round.ContributorReport.Status;
import io.d2ora.core.round.VerificationReport.Verdict;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.ContentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks a round from the ledger and the updates' bytes, trusting neither the aggregator nor the
 * attesting quorum nor any peer. It judges by the facts recorded in the round's own blocks: every
 * commitment's block timestamp against the commit deadline and the stake the round reserved for its
 * signer at join (so a later unstake changes nothing), every update's bytes against its hash (from
 * the local store, else fetched), every file's validity, the winning proposal's attestations
 * against its quorum, and the aggregate recomputed over the winner's included set against its hash.
 * Applies the same rules as {@link RoundRunner}.
 *
 * <p>Blocking; call from a command or worker thread. Ledger outages surface as {@link
 * LedgerUnavailableException}.
 */
public final class RoundVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(RoundVerifier.class);
  private static final int FETCH_ATTEMPTS = 3;

  private final RoundLedgerReader ledger;
  private final UpdateExchange exchange;
  private final ContentStore store;
  private final UpdateValidator validator;
  private final UpdateAggregator aggregator;
  private final Duration fetchTimeout;
  private final long maxUpdateBytes;

  /**
   * @param fetchTimeout how long to wait for one fetch of a missing update
   * @param maxUpdateBytes largest update accepted from a peer
   */
  public RoundVerifier(
      RoundLedgerReader ledger,
      UpdateExchange exchange,
      ContentStore store,
      UpdateValidator validator,
      UpdateAggregator aggregator,
      Duration fetchTimeout,
      long maxUpdateBytes) {
    this.ledger = ledger;
    this.exchange = exchange;
    this.store = store;
    this.validator = validator;
    this.aggregator = aggregator;
    this.fetchTimeout = fetchTimeout;
    this.maxUpdateBytes = maxUpdateBytes;
  }

  /**
   * Verifies {@code id}.
   *
   * @throws InterruptedException if interrupted while fetching updates
   */
  public VerificationReport verify(RoundId id) throws InterruptedException {
    Optional<RoundInfo> found = ledger.round(id);
    if (found.isEmpty()) {
      return new VerificationReport(
          id,
          Verdict.UNKNOWN_ROUND,
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          List.of(),
          List.of("the ledger has no round " + id),
          List.of());
    }
    RoundInfo info = found.get();
    Map<Address, Participant> participants = new HashMap<>();
    ledger.participants(id).forEach(p -> participants.put(p.address(), p));
    Optional<Finalization> fin = ledger.finalization(id);
    List<Proposal> proposals = ledger.proposals(id);
    Optional<Settlement> settlement = ledger.settlement(id);
    List<Address> included = fin.map(Finalization::included).orElse(List.of());
    List<ContributorReport> contributors = new ArrayList<>();
    Map<Address, VerifiedUpdate> accepted = new HashMap<>();
    for (Commitment c : ledger.commitments(id)) {
      contributors.add(check(info, c, participants, included.contains(c.signer()), accepted));
    }
    List<String> notes = new ArrayList<>();
    participants.values().stream()
        .filter(Participant::slashed)
        .forEach(p -> notes.add(p.address() + " was slashed in this round"));
    for (Proposal p : proposals) {
      if (!p.finalized()) {
        notes.add(
            "proposal "
                + p.index()
                + " by "
                + p.proposer()
                + " ("
                + p.aggregateHash()
                + " over "
                + p.included().size()
                + ") did not reach the quorum: attested by "
                + p.attesters());
      }
    }
    if (fin.isEmpty()) {
      return new VerificationReport(
          id,
          Verdict.NOT_FINALIZED,
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          proposals,
          settlement,
          contributors,
          List.of("no proposal of round " + id + " reached the quorum"),
          notes);
    }
    return judge(info, fin.get(), proposals, settlement, contributors, accepted, notes);
  }

  private VerificationReport judge(
      RoundInfo info,
      Finalization fin,
      List<Proposal> proposals,
      Optional<Settlement> settlement,
      List<ContributorReport> contributors,
      Map<Address, VerifiedUpdate> accepted,
      List<String> notes) {
    List<String> reasons = new ArrayList<>();
    Verdict verdict = Verdict.VALID;
    Map<Address, ContributorReport> bySigner = new HashMap<>();
    contributors.forEach(r -> bySigner.put(r.signer(), r));
    for (Address signer : fin.included()) {
      ContributorReport r = bySigner.get(signer);
      if (r == null) {
        reasons.add("the finalization includes " + signer + ", who made no commitment");
        verdict = Verdict.INVALID;
      } else if (r.status() == Status.REJECTED) {
        reasons.add("the finalization includes a rejected update: " + r.reasons());
        verdict = Verdict.INVALID;
      } else if (r.status() == Status.UNAVAILABLE && verdict == Verdict.VALID) {
        reasons.add("cannot recompute: " + r.reasons());
        verdict = Verdict.INCOMPLETE;
      }
    }
    for (Address attester : fin.attesters()) {
      if (!bySigner.containsKey(attester)) {
        reasons.add("the winner is attested by " + attester + ", who made no commitment");
        verdict = Verdict.INVALID;
      }
    }
    if (fin.proposal().attestations() < fin.proposal().quorum()) {
      reasons.add(
          "the winner has "
              + fin.proposal().attestations()
              + " attestations, below its quorum "
              + fin.proposal().quorum());
      verdict = Verdict.INVALID;
    }
    contributors.stream()
        .filter(r -> r.status() == Status.ACCEPTED && !r.included())
        .forEach(r -> notes.add("valid update of " + r.signer() + " is not included"));
    Optional<ContentHash> recomputed = Optional.empty();
    if (verdict == Verdict.VALID) {
      List<VerifiedUpdate> updates = fin.included().stream().map(accepted::get).toList();
      try {
        recomputed = Optional.of(store.put(aggregator.aggregate(info, updates)));
        if (!recomputed.get().equals(fin.aggregateHash())) {
          verdict = Verdict.INVALID;
          reasons.add(
              "finalized "
                  + fin.aggregateHash()
                  + " but the finalized set aggregates to "
                  + recomputed.get());
        }
      } catch (InvalidUpdateException e) {
        verdict = Verdict.INVALID;
        reasons.add("an included update cannot be aggregated: " + e.getMessage());
      }
    }
    return new VerificationReport(
        info.id(),
        verdict,
        Optional.of(fin.aggregateHash()),
        recomputed,
        fin.included(),
        Optional.of(fin),
        proposals,
        settlement,
        contributors,
        reasons,
        notes);
  }

  private ContributorReport check(
      RoundInfo info,
      Commitment c,
      Map<Address, Participant> participants,
      boolean included,
      Map<Address, VerifiedUpdate> accepted)
      throws InterruptedException {
    Optional<String> violation = CommitmentRules.violation(c, info, participants);
    if (violation.isPresent()) {
      return report(c, included, Status.REJECTED, violation.get());
    }
    // Local bytes are re-validated too: the verifier trusts no earlier decision.
    Optional<byte[]> bytes = store.get(c.updateHash());
    if (bytes.isEmpty()) {
      bytes = fetch(c);
    }
    if (bytes.isEmpty()) {
      return report(c, included, Status.UNAVAILABLE, "no peer served " + c.updateHash());
    }
    try {
      validator.validate(info, c.signer(), c.numSamples(), bytes.get());
    } catch (InvalidUpdateException e) {
      return report(c, included, Status.REJECTED, "invalid update: " + e.getMessage());
    }
    store.put(bytes.get());
    accepted.put(
        c.signer(), new VerifiedUpdate(c.signer(), c.updateHash(), c.numSamples(), bytes.get()));
    return report(c, included, Status.ACCEPTED, null);
  }

  /** Fetches bytes matching {@code c} from the network, penalising peers that serve others. */
  private Optional<byte[]> fetch(Commitment c) throws InterruptedException {
    for (int attempt = 0; attempt < FETCH_ATTEMPTS; attempt++) {
      FetchedUpdate fetched;
      try {
        fetched =
            exchange
                .fetch(c.updateHash(), List.of(), maxUpdateBytes)
                .get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.info("fetching {} failed: {}", c.updateHash(), e.getCause() != null ? e.getCause() : e);
        continue;
      }
      ContentHash actual = ContentHash.keccak256(fetched.bytes());
      if (actual.equals(c.updateHash())) {
        return Optional.of(fetched.bytes());
      }
      exchange.penalize(
          fetched.from(),
          Offence.HASH_MISMATCH,
          "served bytes hashing to " + actual + " for " + c.updateHash());
    }
    return Optional.empty();
  }

  private static ContributorReport report(
      Commitment c, boolean included, Status status, String reason) {
    return new ContributorReport(
        c.signer(),
        c.updateHash(),
        c.numSamples(),
        c.blockNumber(),
        c.blockTimestamp(),
        included,
        status,
        reason == null ? List.of() : List.of(reason));
  }
}
