package io.d2ora.app.training;

import static io.d2ora.app.training.TinyRound.bytes;
import static io.d2ora.app.training.TinyRound.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.RoundStart;
import io.d2ora.core.data.LabelSet;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.InvalidUpdateException;
import io.d2ora.core.round.VerifiedUpdate;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.PeftUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Validation must reject, by name, every update that could make aggregation fail or poison the next
 * round, so the round goes on with the honest ones. The attacker in each case is a staked
 * participant committing a hostile file; what it would take without the check is the round (every
 * honest participant's work and reward) or, through the aggregate, every node's next round.
 */
class AdapterAggregatorTest {
  private final TinyRound round = TinyRound.of("fedavg", 3);
  private final AdapterUpdate honest = round.honest(1, 40);

  private void validate(Address signer, long committed, AdapterUpdate update) {
    round.aggregator.validate(round.info, signer, committed, bytes(update));
  }

  @Test
  void shouldAcceptHonestUpdate() {
    assertThatCode(() -> validate(signer(1), 40, honest)).doesNotThrowAnyException();
  }

  @Test
  void shouldRejectFileClaimingOtherSampleCountThanCommitted() {
    // The attacker commits 4000 samples (weight) but its file says 40: aggregation would throw.
    assertThatThrownBy(() -> validate(signer(2), 4000, honest))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("sample count (committed) expected 4000 but was 40")
        .satisfies(e -> assertThat(((InvalidUpdateException) e).signer()).contains(signer(2)));
  }

  @Test
  void shouldRejectUpdateOfAnotherRank() {
    TinyRound rank4 = TinyRound.of("fedavg", 3, ", \"lora_r\": 4");
    AdapterUpdate other = rank4.honest(2, 40);

    assertThatThrownBy(() -> validate(signer(2), 40, other))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("\"r\":4")
        .hasMessageContaining("is not the round's");
  }

  @Test
  void shouldRejectTensorsOfAnotherRankUnderTheRoundsConfig() {
    TinyRound rank4 = TinyRound.of("fedavg", 3, ", \"lora_r\": 4");
    AdapterUpdate tensors4 = rank4.honest(2, 40);
    AdapterUpdate lying =
        AdapterUpdate.of(
            tensors4.tensors(),
            PeftUpdates.adapterConfig(round.training(), "tiny"),
            round.metadata(40));
    AdapterUpdate labelled =
        TinyRound.withMetadata(lying, PeftUpdates.LABELS_KEY, "[\"negative\",\"positive\"]");

    assertThatThrownBy(() -> validate(signer(2), 40, labelled))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("expected shape [2, 8], got [4, 8]");
  }

  @Test
  void shouldRejectOtherPeftConfigFields() {
    AdapterUpdate alpha =
        AdapterUpdate.of(
            honest.tensors(),
            PeftUpdates.adapterConfig(round.training(), "tiny").withAlpha(64),
            round.metadata(40));

    assertThatThrownBy(() -> validate(signer(2), 40, alpha))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("\"lora_alpha\":64");
  }

  @Test
  void shouldRejectAnAggregatePassedOffAsAnUpdate() {
    UpdateMetadata asAggregate = round.metadata(40).aggregated("fedavg", List.of(), 40);
    AdapterUpdate stale =
        TinyRound.withMetadata(honest, UpdateMetadata.STRATEGY, asAggregate.strategy());

    assertThatThrownBy(() -> validate(signer(2), 40, stale))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("strategy expected local but was fedavg");
  }

  @Test
  void shouldRejectAnUpdateOfAnotherRound() {
    TinyRound earlier = TinyRound.of("fedavg", 2);

    assertThatThrownBy(() -> validate(signer(2), 40, earlier.honest(1, 40)))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("round expected 3 but was 2");
  }

  @Test
  void shouldRejectSampleCountsWhoseSumCouldOverflow() {
    long huge = Long.MAX_VALUE / 2;
    AdapterUpdate claims = TinyRound.withMetadata(honest, UpdateMetadata.NUM_SAMPLES, "" + huge);

    assertThatThrownBy(() -> validate(signer(2), huge, claims))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("without overflowing the round's total");
  }

  @Test
  void shouldRejectFiniteButHugeTensors() {
    // Averaged into the aggregate, values of 1e30 would make every node's next round diverge.
    AdapterUpdate huge = TinyRound.mapValues(honest, v -> v * 1e30f);

    assertThatThrownBy(() -> validate(signer(2), 40, huge))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("values too large")
        .satisfies(e -> assertThat(((InvalidUpdateException) e).signer()).contains(signer(2)));
  }

  @Test
  void shouldReportAnOverflowingAggregateAsAnInvalidInputInsteadOfCrashing() {
    // Were a huge update ever to get past validation, a server step of 10 from a start at the
    // opposite extreme must not throw from the encoder. (exact:2 no longer overflows: it splits
    // sqrt(sigma) into each factor.)
    TinyRound stepped = TinyRound.of("fedavg:server_lr=10", 3);
    byte[] start = bytes(TinyRound.mapValues(stepped.honest(9, 40), v -> v * -1e38f));
    ContentHash startHash = ContentHash.keccak256(start);
    AdapterAggregator aggregator =
        new AdapterAggregator(
            AdapterAggregator.only(stepped.config),
            TinyRound.BASE,
            TinyRound.CHAIN_ID,
            TinyRound.REGISTRY,
            report -> {},
            h -> h.equals(startHash) ? Optional.of(start) : Optional.empty());
    List<VerifiedUpdate> inputs = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      AdapterUpdate huge = TinyRound.mapValues(stepped.honest(i, 40), v -> v * 1e38f);
      inputs.add(verified(signer(i), RoundStart.naming(huge, Optional.of(startHash))));
    }

    assertThatThrownBy(() -> aggregator.aggregate(stepped.info, inputs))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("overflows float32");
  }

  @Test
  void shouldRejectClassNamesOtherThanTheConfigsWhenItNamesThem() {
    TinyRound fixed = TinyRound.of("fedavg", 3, ", \"labels\": [\"negative\", \"positive\"]");
    AdapterUpdate other = fixed.honest(2, 40, new LabelSet(List.of("bad", "good")));

    assertThatThrownBy(() -> fixed.aggregator.validate(fixed.info, signer(2), 40, bytes(other)))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("class names [bad, good] are not the round's");
  }

  @Test
  void shouldLeaveOutTheUpdateWhoseClassesDifferFromMostEvenWithTheLowestAddress() {
    // Without the rule, the lowest signer sets the layout and every honest update is dropped.
    AdapterUpdate threeClasses = round.honest(3, 40, new LabelSet(List.of("a", "b", "c")));
    validate(signer(1), 40, threeClasses);
    List<VerifiedUpdate> inputs =
        List.of(
            verified(signer(1), threeClasses),
            verified(signer(2), round.honest(4, 40)),
            verified(signer(3), round.honest(5, 40)));

    assertThatThrownBy(() -> round.aggregator.aggregate(round.info, inputs))
        .isInstanceOf(InvalidUpdateException.class)
        .satisfies(e -> assertThat(((InvalidUpdateException) e).signer()).contains(signer(1)));
  }

  @Test
  void shouldAggregateValidatedUpdatesUnderEveryRoundStrategy() {
    for (String strategy : List.of("fedavg", "median", "trimmed-mean:0.2", "exact:2")) {
      TinyRound r = TinyRound.of(strategy, 3);
      List<VerifiedUpdate> inputs = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        AdapterUpdate u = r.honest(10 + i, 10L * i);
        if (i == 2) {
          u = TinyRound.mapValues(u, v -> v * 100); // a Byzantine but in-bounds update
        }
        r.aggregator.validate(r.info, signer(i), 10L * i, bytes(u));
        inputs.add(verified(signer(i), u));
      }

      assertThat(r.aggregator.aggregate(r.info, inputs)).as(strategy).isNotEmpty();
    }
  }

  static VerifiedUpdate verified(Address signer, AdapterUpdate update) {
    byte[] b = bytes(update);
    return new VerifiedUpdate(signer, ContentHash.keccak256(b), update.d2ora().numSamples(), b);
  }
}
