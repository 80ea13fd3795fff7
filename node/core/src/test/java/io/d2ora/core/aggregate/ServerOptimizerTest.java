package io.d2ora.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.TestUpdates;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.round.Address;
import io.d2ora.core.store.ContentHash;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ServerOptimizerTest {
  private static final Address X = Address.parse("0x" + "0".repeat(39) + "1");
  private static final Address Y = Address.parse("0x" + "0".repeat(39) + "2");
  private static final String A = PeftNames.loraA(TestUpdates.MODULES[0]);
  private static final String M_OF_A = ServerState.M_PREFIX + A;
  private static final String V_OF_A = ServerState.V_PREFIX + A;

  /** An update over {@link TestUpdates#layout()} whose every value is {@code c}. */
  static AdapterUpdate constant(float c, long round, long samples) {
    Map<String, FloatTensor> tensors = new TreeMap<>();
    TestUpdates.layout()
        .shapes()
        .forEach(
            (name, shape) -> {
              float[] data = new float[(int) FloatTensor.elementCount(shape)];
              Arrays.fill(data, c);
              tensors.put(name, new FloatTensor(shape, data));
            });
    return AdapterUpdate.of(
        tensors,
        TestUpdates.config(),
        UpdateMetadata.local(
            31337, TestUpdates.REGISTRY, round, TestUpdates.BASE_MODEL_HASH, samples));
  }

  /** Round {@code round}: X sends {@code x} over 10 samples, Y sends {@code y} over 30. */
  static List<AggregationInput> round(long round, float x, float y) {
    return List.of(
        AggregationInput.of(X, constant(x, round, 10), 10),
        AggregationInput.of(Y, constant(y, round, 30), 30));
  }

  /** Round 1 (no start: the mean 2.5, initial state) then round 2 (mean 2.0) from it. */
  private static AdapterUpdate[] twoRounds(AggregationStrategy s) {
    AggregateResult first = Aggregation.aggregate(s, round(1, 1f, 3f));
    AdapterUpdate start = SafetensorsCodec.decode(first.bytes());
    AggregateResult second = Aggregation.aggregate(s, round(2, 2f, 2f), start);
    return new AdapterUpdate[] {start, SafetensorsCodec.decode(second.bytes())};
  }

  private static float at(AdapterUpdate u, String name) {
    return u.tensor(name).data()[0];
  }

  @Test
  void shouldTakeTheFirstRoundsMeanAndStartTheStateAtStepZero() {
    AdapterUpdate first = twoRounds(AggregationStrategy.FEDADAM)[0];

    assertThat(at(first, A)).isEqualTo(2.5f);
    assertThat(at(first, M_OF_A)).isEqualTo(0f);
    assertThat(at(first, V_OF_A)).isEqualTo((float) (1e-3 * 1e-3));
    assertThat(first.metadata()).containsEntry(ServerState.STEP_KEY, "0");
    assertThat(ServerState.strip(first).tensors().keySet())
        .isEqualTo(TestUpdates.layout().shapes().keySet());
  }

  @Test
  void shouldMatchHandComputedFedadamStep() {
    // g = 2.5 - 2.0 = 0.5; m = 0.1 g = 0.05; v = 0.99 tau^2 + 0.01 g^2 = 0.00250099;
    // x = 2.5 - 0.01 m / (sqrt(v) + 0.001) = 2.4901979 (numpy, rounded to float32).
    AdapterUpdate second = twoRounds(AggregationStrategy.FEDADAM)[1];

    assertThat(at(second, A)).isEqualTo(2.490198f);
    assertThat(at(second, M_OF_A)).isEqualTo(0.05f);
    assertThat(at(second, V_OF_A)).isEqualTo(0.00250099f);
    assertThat(second.metadata())
        .containsEntry(ServerState.STEP_KEY, "1")
        .containsEntry(UpdateMetadata.STRATEGY, AggregationStrategy.FEDADAM.id());
  }

  @Test
  void shouldMatchHandComputedFedavgmAndServerLearningRate() {
    // FedAvgM, eta 1, beta 0.9: round 2 m = 0.5, x = 2.0; round 3 (mean 1.5) m = 0.95, x = 1.05.
    AdapterUpdate second = twoRounds(AggregationStrategy.FEDAVGM)[1];
    AdapterUpdate third =
        Aggregation.aggregate(AggregationStrategy.FEDAVGM, round(3, 1.5f, 1.5f), second).update();
    // fedavg with eta 0.5: 2.5 - 0.5 (2.5 - 2.0) = 2.25, and no state.
    AdapterUpdate slow = twoRounds(AggregationStrategy.parse("fedavg:server_lr=0.5"))[1];

    assertThat(at(second, A)).isEqualTo(2.0f);
    assertThat(at(second, M_OF_A)).isEqualTo(0.5f);
    assertThat(at(third, A)).isEqualTo(1.05f);
    assertThat(at(third, M_OF_A)).isEqualTo(0.95f);
    assertThat(third.metadata()).containsEntry(ServerState.STEP_KEY, "2");
    assertThat(at(slow, A)).isEqualTo(2.25f);
    assertThat(slow.tensors().keySet()).noneMatch(ServerState::isStateTensor);
  }

  @Test
  void shouldStepEvenWithOneParticipant() {
    AdapterUpdate start = twoRounds(AggregationStrategy.FEDAVGM)[1];
    AggregationInput only = AggregationInput.of(X, constant(1.5f, 3, 10), 10);

    AggregateResult r = Aggregation.aggregate(AggregationStrategy.FEDAVGM, List.of(only), start);

    assertThat(r.hash()).isNotEqualTo(only.hash());
    assertThat(at(r.update(), A)).isEqualTo(1.05f);
  }

  @Test
  void shouldRefuseAStartWhoseServerStateIsMissingOrHostile() {
    AdapterUpdate good = twoRounds(AggregationStrategy.FEDADAM)[0];
    Map<String, UnaryOperator<AdapterUpdate>> attacks = new TreeMap<>();
    attacks.put("lacks server state " + V_OF_A, u -> without(u, V_OF_A));
    attacks.put(M_OF_A + "[3] = NaN", u -> withValue(u, M_OF_A, 3, Float.NaN));
    attacks.put(V_OF_A + "[0] = -1.0, expected finite >= 0", u -> withValue(u, V_OF_A, 0, -1f));
    attacks.put(
        M_OF_A + " has shape [1, 2], expected [2, 5]",
        u -> withTensor(u, M_OF_A, FloatTensor.zeros(1, 2)));
    attacks.put(
        "unexpected server state " + ServerState.M_PREFIX + "x",
        u -> withTensor(u, ServerState.M_PREFIX + "x", FloatTensor.zeros(1)));
    attacks.put(
        ServerState.STEP_KEY + " = 7 does not fit the start adapter's round 1",
        u -> withEntry(u, ServerState.STEP_KEY, "7"));
    attacks.put(
        ServerState.STEP_KEY + " is not a number", u -> withEntry(u, ServerState.STEP_KEY, "x"));
    attacks.put("carries no server state", ServerState::strip);
    attacks.put(
        "made by fedavgm:server_lr=1.0;beta1=0.9, not fedadam",
        u -> withEntry(u, UpdateMetadata.STRATEGY, AggregationStrategy.FEDAVGM.id()));
    attacks.put(
        "start adapter is round 2's, not a round before 2",
        u -> withEntry(u, UpdateMetadata.ROUND_ID, "2"));
    attacks.put("start adapter: update does not fit", u -> without(u, A));
    attacks.forEach(
        (message, attack) ->
            assertThatThrownBy(
                    () ->
                        Aggregation.aggregate(
                            AggregationStrategy.FEDADAM, round(2, 2f, 2f), attack.apply(good)))
                .as(message)
                .isInstanceOf(ServerStateException.class)
                .hasMessageContaining(message));
  }

  @Test
  void shouldRefuseAPlainAdapterAsFedavgmStart() {
    AdapterUpdate plain =
        Aggregation.aggregate(AggregationStrategy.FEDAVG, round(1, 1f, 3f)).update();

    assertThatThrownBy(
            () -> Aggregation.aggregate(AggregationStrategy.FEDAVGM, round(2, 2f, 2f), plain))
        .isInstanceOf(ServerStateException.class)
        .hasMessageContaining("made by fedavg, not fedavgm");
  }

  @Test
  void shouldRefuseAStartOtherThanTheOneTheInputsName() {
    AdapterUpdate start = twoRounds(AggregationStrategy.FEDADAM)[0];
    ContentHash startHash = ContentHash.keccak256(SafetensorsCodec.encode(start));
    List<AggregationInput> naming = new java.util.ArrayList<>();
    for (AggregationInput in : round(2, 2f, 2f)) {
      AdapterUpdate u = RoundStart.naming(in.update(), java.util.Optional.of(startHash));
      naming.add(AggregationInput.of(in.signer(), u, in.numSamples()));
    }

    assertThat(
            Aggregation.aggregate(AggregationStrategy.FEDADAM, naming, start).update().metadata())
        .containsEntry(ServerState.STEP_KEY, "1");
    assertThatThrownBy(() -> Aggregation.aggregate(AggregationStrategy.FEDADAM, naming))
        .isInstanceOf(AggregationException.class)
        .hasMessageContaining("the inputs started from " + startHash.hex())
        .hasMessageContaining("the start adapter given is none");
  }

  private static AdapterUpdate without(AdapterUpdate u, String name) {
    TreeMap<String, FloatTensor> t = new TreeMap<>(u.tensors());
    t.remove(name);
    return new AdapterUpdate(t, u.metadata());
  }

  private static AdapterUpdate withTensor(AdapterUpdate u, String name, FloatTensor value) {
    TreeMap<String, FloatTensor> t = new TreeMap<>(u.tensors());
    t.put(name, value);
    return new AdapterUpdate(t, u.metadata());
  }

  private static AdapterUpdate withValue(AdapterUpdate u, String name, int i, float value) {
    float[] data = u.tensor(name).data().clone();
    data[i] = value;
    return withTensor(u, name, new FloatTensor(u.tensor(name).shape(), data));
  }

  private static AdapterUpdate withEntry(AdapterUpdate u, String key, String value) {
    TreeMap<String, String> m = new TreeMap<>(u.metadata());
    m.put(key, value);
    return new AdapterUpdate(u.tensors(), m);
  }
}
