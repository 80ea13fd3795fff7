package io.d2ora.core.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d2ora.core.round.RoundRecord.Accepted;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.store.JournalFile;
import io.d2ora.core.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One round's journal: each step the node completed, written durably before the next step starts,
 * and read back into a {@link RoundRecord} when a node restarts. File {@code round-<id>.json} in
 * the journal directory, a JSON array of entries:
 *
 * <pre>
 * step        fields (besides "step" and "at", epoch milliseconds)
 * JOINED      tx
 * TRAINED     hash, samples          the update file is in the store
 * COMMITTED   hash, tx               tx "recovered" when found on the ledger after a restart
 * ANNOUNCED
 * OBSERVING   reason                 the node contributes no update this round
 * FETCHED     signer, hash, samples  verified and in the store
 * REJECTED    signer, hash, reason   excluded for good
 * AGGREGATED  hash, included[]       the aggregate file is in the store (a later entry replaces it)
 * PROPOSED    tx                     this node's proposal is on the ledger ("recovered": found there)
 * CHECKED     hash, included[], agrees, reason   this node's verdict on a proposal
 * ATTESTING   hash, included[]       the one proposal this node attests, written before sending
 * ATTESTED    tx                     the attestation is on the ledger ("recovered": found there)
 * CONCLUDED   result, finalized, local, included[], detail   how the round ended, before settling
 * SETTLED     tx, detail             the round is settled ("by another": someone else settled it)
 * ENDED       result, finalized, local, included[], detail
 * </pre>
 *
 * <p>ATTESTING is written before the attestation is sent, and only once: a node restarted after it
 * finds the attestation on the ledger or sends the same one again, never another.
 */
final class RoundJournal {
  private final RoundId round;
  private final JournalFile file;
  private final RoundRecord record = new RoundRecord();

  private RoundJournal(RoundId round, JournalFile file) {
    this.round = round;
    this.file = file;
    for (ObjectNode entry : file.entries()) {
      apply(entry);
    }
  }

  /** Opens (or starts) the journal of {@code round} in {@code dir}. */
  static RoundJournal open(Path dir, RoundId round) {
    return new RoundJournal(round, JournalFile.open(dir.resolve("round-" + round + ".json")));
  }

  /** The state the journal records. */
  RoundRecord record() {
    return record;
  }

  void joined(String tx) {
    append(entry("JOINED").put("tx", tx));
  }

  void trained(ContentHash hash, long samples) {
    append(entry("TRAINED").put("hash", hash.hex()).put("samples", samples));
  }

  void committed(ContentHash hash, String tx) {
    append(entry("COMMITTED").put("hash", hash.hex()).put("tx", tx));
  }

  void announced() {
    append(entry("ANNOUNCED"));
  }

  void observing(String reason) {
    append(entry("OBSERVING").put("reason", reason));
  }

  void fetched(Address signer, ContentHash hash, long samples) {
    append(
        entry("FETCHED")
            .put("signer", signer.hex())
            .put("hash", hash.hex())
            .put("samples", samples));
  }

  void rejected(Address signer, ContentHash hash, String reason) {
    append(
        entry("REJECTED")
            .put("signer", signer.hex())
            .put("hash", hash.hex())
            .put("reason", reason));
  }

  void aggregated(ContentHash hash, List<Address> included) {
    ObjectNode entry = entry("AGGREGATED").put("hash", hash.hex());
    included.forEach(a -> entry.withArray("included").add(a.hex()));
    append(entry);
  }

  void proposed(String tx) {
    append(entry("PROPOSED").put("tx", tx));
  }

  void checked(RoundRecord.Claim claim, RoundRecord.Verdict verdict) {
    ObjectNode entry = claim(entry("CHECKED"), claim);
    append(entry.put("agrees", verdict.agrees()).put("reason", verdict.reason()));
  }

  void attesting(RoundRecord.Claim claim) {
    if (record.attesting().isPresent()) {
      throw new IllegalStateException(
          "round " + round + ": already attesting " + record.attesting().get() + ", not " + claim);
    }
    append(claim(entry("ATTESTING"), claim));
  }

  void attested(String tx) {
    append(entry("ATTESTED").put("tx", tx));
  }

  void concluded(RoundOutcome outcome) {
    append(withOutcome(entry("CONCLUDED"), outcome));
  }

  void settled(String tx, String detail) {
    append(entry("SETTLED").put("tx", tx).put("detail", detail));
  }

  void ended(RoundOutcome outcome) {
    append(withOutcome(entry("ENDED"), outcome));
  }

  private static ObjectNode claim(ObjectNode entry, RoundRecord.Claim claim) {
    entry.put("hash", claim.hash().hex());
    entry.putArray("included");
    claim.included().forEach(a -> entry.withArray("included").add(a.hex()));
    return entry;
  }

  private static ObjectNode withOutcome(ObjectNode entry, RoundOutcome outcome) {
    entry.put("result", outcome.result().name());
    outcome.finalizedHash().ifPresent(h -> entry.put("finalized", h.hex()));
    outcome.localHash().ifPresent(h -> entry.put("local", h.hex()));
    entry.putArray("included");
    outcome.included().forEach(a -> entry.withArray("included").add(a.hex()));
    entry.put("detail", outcome.detail());
    return entry;
  }

  private ObjectNode entry(String step) {
    return file.newEntry().put("step", step).put("at", Instant.now().toEpochMilli());
  }

  private void append(ObjectNode entry) {
    file.append(entry);
    apply(entry);
  }

  private void apply(ObjectNode e) {
    try {
      switch (text(e, "step")) {
        case "JOINED" -> record.markJoined();
        case "TRAINED" ->
            record.markTrained(new Accepted(hash(e, "hash"), e.path("samples").asLong()));
        case "COMMITTED" -> record.markCommitted(hash(e, "hash"));
        case "ANNOUNCED" -> record.markAnnounced();
        case "OBSERVING" -> record.markObserving(text(e, "reason"));
        case "FETCHED" ->
            record.markFetched(
                address(text(e, "signer")),
                new Accepted(hash(e, "hash"), e.path("samples").asLong()));
        case "REJECTED" -> record.markRejected(address(text(e, "signer")), text(e, "reason"));
        case "AGGREGATED" -> record.markAggregated(hash(e, "hash"), addresses(e.path("included")));
        case "PROPOSED" -> record.markProposed();
        case "CHECKED" ->
            record.markChecked(
                claim(e), new RoundRecord.Verdict(bool(e, "agrees"), text(e, "reason")));
        case "ATTESTING" -> record.markAttesting(claim(e));
        case "ATTESTED" -> record.markAttested();
        case "CONCLUDED" -> record.markConcluded(readOutcome(e));
        case "SETTLED" -> record.markSettled(text(e, "detail"));
        case "ENDED" -> record.markEnded(readOutcome(e));
        default -> throw new IllegalArgumentException("unknown step " + e.path("step"));
      }
    } catch (IllegalArgumentException | NullPointerException ex) {
      throw new StoreException(
          "round " + round + " journal holds a bad entry " + e + ": " + ex, ex);
    }
  }

  private RoundOutcome readOutcome(ObjectNode e) {
    return new RoundOutcome(
        round,
        RoundOutcome.Result.valueOf(text(e, "result")),
        optionalHash(e, "finalized"),
        optionalHash(e, "local"),
        addresses(e.path("included")),
        text(e, "detail"));
  }

  private static RoundRecord.Claim claim(JsonNode e) {
    return new RoundRecord.Claim(hash(e, "hash"), addresses(e.path("included")));
  }

  private static boolean bool(JsonNode e, String field) {
    JsonNode node = e.get(field);
    if (node == null || !node.isBoolean()) {
      throw new IllegalArgumentException("missing boolean field '" + field + "'");
    }
    return node.asBoolean();
  }

  private static String text(JsonNode e, String field) {
    JsonNode node = e.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "'");
    }
    return node.asText();
  }

  private static ContentHash hash(JsonNode e, String field) {
    return ContentHash.parse(text(e, field));
  }

  private static Optional<ContentHash> optionalHash(JsonNode e, String field) {
    return e.has(field) ? Optional.of(hash(e, field)) : Optional.empty();
  }

  private static Address address(String hex) {
    return Address.parse(hex);
  }

  private static List<Address> addresses(JsonNode array) {
    List<Address> out = new ArrayList<>();
    array.forEach(n -> out.add(Address.parse(n.asText())));
    return out;
  }
}
