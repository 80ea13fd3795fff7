package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.store.ContentHash;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundJournalTest {
  @TempDir Path dir;

  private static final RoundId ROUND = RoundId.of(3);
  private static final Address A = Address.parse("0x" + "0A".repeat(20));
  private static final Address B = Address.parse("0x" + "0b".repeat(20));

  @Test
  void shouldRestoreEveryStepAfterReopen() {
    ContentHash own = RoundNetwork.hash(1);
    ContentHash other = RoundNetwork.hash(2);
    ContentHash aggregate = RoundNetwork.hash(3);
    RoundJournal journal = RoundJournal.open(dir, ROUND);
    journal.joined("0xtx1");
    journal.trained(own, 100);
    journal.committed(own, "0xtx2");
    journal.announced();
    journal.fetched(A, own, 100);
    journal.fetched(B, other, 50);
    journal.rejected(B, other, "invalid update: NaN");
    journal.aggregated(aggregate, List.of(A));
    RoundOutcome outcome =
        new RoundOutcome(
            ROUND,
            RoundOutcome.Result.VERIFIED,
            Optional.of(aggregate),
            Optional.of(aggregate),
            List.of(A),
            "matches");
    journal.ended(outcome);

    RoundRecord r = RoundJournal.open(dir, ROUND).record();

    assertThat(r.joined()).isTrue();
    assertThat(r.trained()).contains(new RoundRecord.Accepted(own, 100));
    assertThat(r.committed()).contains(own);
    assertThat(r.announced()).isTrue();
    assertThat(r.observing()).isEmpty();
    assertThat(r.fetched()).containsOnlyKeys(A);
    assertThat(r.rejected()).containsEntry(B, "invalid update: NaN");
    assertThat(r.aggregate()).contains(aggregate);
    assertThat(r.aggregateIncluded()).containsExactly(A);
    assertThat(r.outcome()).contains(outcome);
  }

  @Test
  void shouldKeepRoundsApart() {
    RoundJournal.open(dir, ROUND).joined("0xtx");

    assertThat(RoundJournal.open(dir, RoundId.of(4)).record().joined()).isFalse();
    assertThat(RoundJournal.open(dir, ROUND).record().joined()).isTrue();
  }
}
