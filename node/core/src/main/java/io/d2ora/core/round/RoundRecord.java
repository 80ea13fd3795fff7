package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a node's journal says it has done in one round: the journal's entries folded into state.
 * Mutated only by {@link RoundJournal}, right after the entry is on disk, so this never runs ahead
 * of what a restarted node would read back.
 */
final class RoundRecord {
  /** An update this node accepted: its hash and committed sample count. */
  record Accepted(ContentHash hash, long numSamples) {}

  /** A proposed result: an aggregate hash over a set of signers (ascending). */
  record Claim(ContentHash hash, List<Address> included) {
    Claim {
      included = included.stream().sorted().toList();
    }

    static Claim of(Proposal p) {
      return new Claim(p.aggregateHash(), p.included());
    }

    boolean matches(Proposal p) {
      return p.proposes(hash, included);
    }
  }

  /** This node's verdict on a proposal: whether it would attest it, and why not. */
  record Verdict(boolean agrees, String reason) {}

  private boolean joined;
  private Accepted trained;
  private ContentHash committed;
  private boolean announced;
  private String observing;
  private final SortedMap<Address, Accepted> fetched = new TreeMap<>();
  private final SortedMap<Address, String> rejected = new TreeMap<>();
  private ContentHash aggregate;
  private List<Address> aggregateIncluded = List.of();
  private boolean proposed;
  private final Map<Claim, Verdict> verdicts = new HashMap<>();
  private Claim attesting;
  private boolean attested;
  private RoundOutcome concluded;
  private String settled;
  private RoundOutcome outcome;

  boolean joined() {
    return joined;
  }

  Optional<Accepted> trained() {
    return Optional.ofNullable(trained);
  }

  Optional<ContentHash> committed() {
    return Optional.ofNullable(committed);
  }

  boolean announced() {
    return announced;
  }

  /** Why this node only observes the round (it contributes no update), if it does. */
  Optional<String> observing() {
    return Optional.ofNullable(observing);
  }

  SortedMap<Address, Accepted> fetched() {
    return Collections.unmodifiableSortedMap(fetched);
  }

  Map<Address, String> rejected() {
    return Collections.unmodifiableMap(rejected);
  }

  /** Whether the signer's update was accepted or rejected for good. */
  boolean settled(Address signer) {
    return fetched.containsKey(signer) || rejected.containsKey(signer);
  }

  Optional<ContentHash> aggregate() {
    return Optional.ofNullable(aggregate);
  }

  List<Address> aggregateIncluded() {
    return aggregateIncluded;
  }

  /** This node's own result, once it aggregated. */
  Optional<Claim> ownClaim() {
    return aggregate().map(h -> new Claim(h, aggregateIncluded));
  }

  /** Whether this node's proposal is on the ledger. */
  boolean proposed() {
    return proposed;
  }

  /** This node's verdict on {@code claim}, once it reached one. */
  Optional<Verdict> verdict(Claim claim) {
    return Optional.ofNullable(verdicts.get(claim));
  }

  /** The one proposal this node attests (journaled before the attestation is sent). */
  Optional<Claim> attesting() {
    return Optional.ofNullable(attesting);
  }

  /** Whether this node's attestation is on the ledger. */
  boolean attested() {
    return attested;
  }

  /** How the round ended for this node, before it was settled. */
  Optional<RoundOutcome> concluded() {
    return Optional.ofNullable(concluded);
  }

  /** How the round was settled, once it was. */
  Optional<String> settled() {
    return Optional.ofNullable(settled);
  }

  Optional<RoundOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  void markJoined() {
    joined = true;
  }

  void markTrained(Accepted update) {
    trained = update;
  }

  void markCommitted(ContentHash hash) {
    committed = hash;
  }

  void markAnnounced() {
    announced = true;
  }

  void markObserving(String reason) {
    observing = reason;
  }

  void markFetched(Address signer, Accepted update) {
    fetched.put(signer, update);
  }

  void markRejected(Address signer, String reason) {
    fetched.remove(signer);
    rejected.put(signer, reason);
  }

  void markAggregated(ContentHash hash, List<Address> included) {
    aggregate = hash;
    aggregateIncluded = List.copyOf(included);
  }

  void markProposed() {
    proposed = true;
  }

  void markChecked(Claim claim, Verdict verdict) {
    verdicts.put(claim, verdict);
  }

  void markAttesting(Claim claim) {
    attesting = claim;
  }

  void markAttested() {
    attested = true;
  }

  void markConcluded(RoundOutcome result) {
    concluded = result;
  }

  void markSettled(String detail) {
    settled = detail;
  }

  void markEnded(RoundOutcome ended) {
    outcome = ended;
  }
}
