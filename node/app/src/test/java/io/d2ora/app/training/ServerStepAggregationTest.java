package io.d2ora.app.training;

import static io.d2ora.app.training.TinyRound.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.aggregate.Aggregation;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.aggregate.AggregationStrategy;
import io.d2ora.core.aggregate.RoundStart;
import io.d2ora.core.aggregate.ServerState;
import io.d2ora.core.round.InvalidUpdateException;
import io.d2ora.core.round.VerifiedUpdate;
import io.d2ora.core.store.ContentHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * FedAdam across two rounds as nodes run it: round 2's updates name round 1's aggregate as their
 * start, and the aggregator (or a verifier) loads that file, with its server state, from its store.
 * A hostile or broken start file, or an update naming another start, is refused by name; nothing
 * crashes.
 */
class ServerStepAggregationTest {
  private final TinyRound first = TinyRound.of("fedadam", 1);
  private final TinyRound second = TinyRound.of("fedadam", 2);
  private final Map<ContentHash, byte[]> store = new HashMap<>();

  private AdapterAggregator aggregator(TinyRound round) {
    return new AdapterAggregator(
        AdapterAggregator.only(round.config),
        TinyRound.BASE,
        TinyRound.CHAIN_ID,
        TinyRound.REGISTRY,
        report -> {},
        hash -> Optional.ofNullable(store.get(hash)));
  }

  private static List<VerifiedUpdate> updates(TinyRound round, Optional<ContentHash> start) {
    List<VerifiedUpdate> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      AdapterUpdate u =
          RoundStart.naming(round.honest(100L * round.info.id().value() + i, 10 * i), start);
      byte[] b = TinyRound.bytes(u);
      out.add(new VerifiedUpdate(signer(i), ContentHash.keccak256(b), 10 * i, b));
    }
    return out;
  }

  private ContentHash keep(byte[] bytes) {
    ContentHash h = ContentHash.keccak256(bytes);
    store.put(h, bytes);
    return h;
  }

  @Test
  void shouldStepRoundTwoFromRoundOnesAggregateAlikeOnEveryNode() {
    byte[] one = aggregator(first).aggregate(first.info, updates(first, Optional.empty()));
    List<VerifiedUpdate> inputs = updates(second, Optional.of(keep(one)));

    byte[] two = aggregator(second).aggregate(second.info, inputs);
    byte[] verified = aggregator(second).aggregate(second.info, inputs);

    List<AggregationInput> core = new ArrayList<>();
    inputs.forEach(u -> core.add(AggregationInput.of(u.signer(), u.bytes(), u.numSamples())));
    byte[] direct =
        Aggregation.aggregate(AggregationStrategy.FEDADAM, core, SafetensorsCodec.decode(one))
            .bytes();
    assertThat(verified).isEqualTo(two).isEqualTo(direct);
    assertThat(SafetensorsCodec.decode(two).metadata()).containsEntry(ServerState.STEP_KEY, "1");
  }

  @Test
  void shouldRefuseAStartFileWithNonFiniteServerState() {
    byte[] one = aggregator(first).aggregate(first.info, updates(first, Optional.empty()));
    // v starts at tau^2 everywhere: overwrite its first occurrence with NaN.
    byte[] hostile = replaceFirst(one, floatBytes((float) (1e-3 * 1e-3)), floatBytes(Float.NaN));

    assertThatThrownBy(
            () ->
                aggregator(second)
                    .aggregate(second.info, updates(second, Optional.of(keep(hostile)))))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("its start adapter")
        .hasMessageContaining("NaN");
  }

  @Test
  void shouldRefuseAStartFileWithoutServerState() {
    byte[] one = aggregator(first).aggregate(first.info, updates(first, Optional.empty()));
    byte[] stripped = TinyRound.bytes(ServerState.strip(SafetensorsCodec.decode(one)));

    assertThatThrownBy(
            () ->
                aggregator(second)
                    .aggregate(second.info, updates(second, Optional.of(keep(stripped)))))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("carries no server state");
  }

  @Test
  void shouldRefuseAStartThisNodeDoesNotHold() {
    ContentHash unknown = ContentHash.keccak256(new byte[] {1});

    assertThatThrownBy(
            () -> aggregator(second).aggregate(second.info, updates(second, Optional.of(unknown))))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("is not in this node's store");
  }

  @Test
  void shouldLeaveOutAnUpdateNamingAnotherStart() {
    byte[] one = aggregator(first).aggregate(first.info, updates(first, Optional.empty()));
    List<VerifiedUpdate> inputs = new ArrayList<>(updates(second, Optional.of(keep(one))));
    VerifiedUpdate odd = updates(second, Optional.empty()).get(1);
    inputs.set(1, odd);

    assertThatThrownBy(() -> aggregator(second).aggregate(second.info, inputs))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("started from none but most of round")
        .satisfies(e -> assertThat(((InvalidUpdateException) e).signer()).contains(signer(2)));
  }

  @Test
  void shouldRejectAnUpdateThatNamesNoStartUnderAServerOptimiser() {
    byte[] bare = TinyRound.bytes(second.honest(5, 10));
    byte[] garbled =
        TinyRound.bytes(TinyRound.withMetadata(second.honest(5, 10), RoundStart.KEY, "0x12"));

    assertThatThrownBy(() -> aggregator(second).validate(second.info, signer(4), 10, bare))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("lacks " + RoundStart.KEY);
    assertThatThrownBy(() -> aggregator(second).validate(second.info, signer(4), 10, garbled))
        .isInstanceOf(InvalidUpdateException.class)
        .hasMessageContaining("must be none or 0x + 64");
  }

  private static byte[] floatBytes(float f) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(f).array();
  }

  private static byte[] replaceFirst(byte[] in, byte[] what, byte[] with) {
    byte[] out = in.clone();
    for (int i = 0; i + what.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + what.length, what, 0, what.length)) {
        System.arraycopy(with, 0, out, i, with.length);
        return out;
      }
    }
    throw new AssertionError("pattern not found");
  }
}
