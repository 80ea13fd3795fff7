package io.d2ora.core.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    journal.proposed("0xtx3");
    RoundRecord.Claim theirs = new RoundRecord.Claim(other, List.of(B, A));
    journal.checked(theirs, new RoundRecord.Verdict(false, "leaves out A"));
    RoundRecord.Claim mine = new RoundRecord.Claim(aggregate, List.of(A));
    journal.attesting(mine);
    journal.attested("0xtx4");
    RoundOutcome outcome =
        new RoundOutcome(
            ROUND,
            RoundOutcome.Result.VERIFIED,
            Optional.of(aggregate),
            Optional.of(aggregate),
            List.of(A),
            "matches");
    journal.concluded(outcome);
    journal.settled("0xtx5", "settled in block 9");
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
    assertThat(r.proposed()).isTrue();
    assertThat(r.ownClaim()).contains(mine);
    assertThat(r.verdict(new RoundRecord.Claim(other, List.of(A, B))))
        .contains(new RoundRecord.Verdict(false, "leaves out A"));
    assertThat(r.attesting()).contains(mine);
    assertThat(r.attested()).isTrue();
    assertThat(r.concluded()).contains(outcome);
    assertThat(r.settled()).contains("settled in block 9");
    assertThat(r.outcome()).contains(outcome);
  }

  @Test
  void shouldRefuseASecondAttestationIntent() {
    RoundJournal journal = RoundJournal.open(dir, ROUND);
    journal.attesting(new RoundRecord.Claim(RoundNetwork.hash(3), List.of(A)));

    RoundJournal reopened = RoundJournal.open(dir, ROUND);

    assertThatThrownBy(
            () -> reopened.attesting(new RoundRecord.Claim(RoundNetwork.hash(4), List.of(A))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already attesting");
    assertThat(RoundJournal.open(dir, ROUND).record().attesting().orElseThrow().hash())
        .isEqualTo(RoundNetwork.hash(3));
  }

  @Test
  void shouldKeepRoundsApart() {
    RoundJournal.open(dir, ROUND).joined("0xtx");

    assertThat(RoundJournal.open(dir, RoundId.of(4)).record().joined()).isFalse();
    assertThat(RoundJournal.open(dir, ROUND).record().joined()).isTrue();
  }
}
