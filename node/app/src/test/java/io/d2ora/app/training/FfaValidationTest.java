package io.d2ora.app.training;

import static io.d2ora.app.training.TinyRound.bytes;
import static io.d2ora.app.training.TinyRound.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.round.InvalidUpdateException;
import org.junit.jupiter.api.Test;

/**
 * In an ffa round A is frozen and never uploaded: an update that carries A (trained it, or sends a
 * full adapter to weigh more) or whose B/m shapes differ is rejected by name before aggregation.
 */
class FfaValidationTest {
  private final TinyRound ffa = TinyRound.of("ffa", 3);

  @Test
  void shouldAcceptAnUpdateWithoutA() {
    AdapterUpdate honest = ffa.honest(1, 40);

    assertThat(honest.tensors().keySet()).noneMatch(n -> n.endsWith("lora_A.weight"));
    assertThatCode(() -> ffa.aggregator.validate(ffa.info, signer(1), 40, bytes(honest)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectAnUpdateCarryingA() {
    AdapterUpdate full = TinyRound.of("fedavg", 3).honest(2, 40);
    AdapterUpdate claimed = new AdapterUpdate(full.tensors(), ffa.honest(2, 40).metadata());

    assertThatThrownBy(() -> ffa.aggregator.validate(ffa.info, signer(2), 40, bytes(claimed)))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("unexpected")
        .hasMessageContaining("lora_A.weight")
        .satisfies(e -> assertThat(((InvalidUpdateException) e).signer()).contains(signer(2)));
  }

  @Test
  void shouldRejectAnUpdateOfAnotherRank() {
    AdapterUpdate rank4 = TinyRound.of("ffa", 3, ", \"lora_r\": 4").honest(3, 40);
    AdapterUpdate claimed = new AdapterUpdate(rank4.tensors(), ffa.honest(3, 40).metadata());

    assertThatThrownBy(() -> ffa.aggregator.validate(ffa.info, signer(3), 40, bytes(claimed)))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("lora_B.weight expected shape");
  }
}
