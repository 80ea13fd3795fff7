package io.d2ora.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.TestUpdates;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.round.Address;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.PeftUpdates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AggregationTest {
  private static final Address X = Address.parse("0x" + "0".repeat(39) + "1");
  private static final Address Y = Address.parse("0x" + "0".repeat(39) + "2");
  private static final String HEAD = PeftNames.saved("classifier", "weight");
  private static final AdapterConfig TINY =
      new AdapterConfig("m", "SEQ_CLS", 1, 1, 0, List.of("m"), true, false, List.of("classifier"));
  private static final String CLASSES = "[\"negative\",\"positive\"]";
  private static final List<AggregationStrategy> ALL =
      List.of(
          AggregationStrategy.FEDAVG,
          AggregationStrategy.EXACT,
          AggregationStrategy.exact(2),
          AggregationStrategy.MEDIAN,
          AggregationStrategy.trimmedMean(0.2),
          AggregationStrategy.NORM_CLIP);

  /** A one-module DoRA update [out 2, in 2, r 1] plus a [1, 2] head. */
  private static AdapterUpdate tiny(float[] a, float[] b, float[] m, float[] head, long samples) {
    Map<String, FloatTensor> t = new TreeMap<>();
    t.put(PeftNames.loraA("m"), FloatTensor.of(a, 1, 2));
    t.put(PeftNames.loraB("m"), FloatTensor.of(b, 2, 1));
    t.put(PeftNames.magnitude("m"), FloatTensor.of(m, 2));
    t.put(HEAD, FloatTensor.of(head, 1, 2));
    return AdapterUpdate.of(t, TINY, TestUpdates.metadata(samples));
  }

  private static List<AggregationInput> tinyPair() {
    return List.of(
        AggregationInput.of(
            Y,
            tiny(new float[] {0, 1}, new float[] {3, 0}, new float[] {2, 2}, new float[] {4, 8}, 3),
            3),
        AggregationInput.of(
            X,
            tiny(new float[] {1, 0}, new float[] {1, 2}, new float[] {1, 1}, new float[] {0, 4}, 1),
            1));
  }

  private static List<AggregationInput> randomInputs(int n, long seed) {
    List<AggregationInput> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Address signer =
          Address.parse(String.format("0x%040x", (seed * 7919 + i * 104729) & 0xffffffffL));
      inputs.add(AggregationInput.of(signer, TestUpdates.random(seed + i, 10 + 5 * i), 10 + 5 * i));
    }
    return inputs;
  }

  /** {@code input} re-encoded with metadata entry {@code key} = {@code value}. */
  private static AggregationInput with(AggregationInput input, String key, String value) {
    TreeMap<String, String> metadata = new TreeMap<>(input.update().metadata());
    metadata.put(key, value);
    AdapterUpdate u = new AdapterUpdate(input.update().tensors(), metadata);
    return AggregationInput.of(input.signer(), u, input.numSamples());
  }

  private static List<AggregationInput> labelled(List<AggregationInput> inputs) {
    return inputs.stream().map(in -> with(in, PeftUpdates.LABELS_KEY, CLASSES)).toList();
  }

  @Test
  void shouldGiveByteIdenticalResultsWhateverTheArrivalOrder() {
    // Class names travel into the aggregate; they must not make its bytes order-dependent.
    List<AggregationInput> inputs = labelled(randomInputs(5, 42));
    AdapterUpdate start = TestUpdates.random(1000, 1);
    Random rnd = new Random(1);
    for (AggregationStrategy s : ALL) {
      AggregateResult reference = Aggregation.aggregate(s, inputs, start);
      for (int k = 0; k < 4; k++) {
        List<AggregationInput> shuffled = new ArrayList<>(inputs);
        Collections.shuffle(shuffled, rnd);
        AggregateResult again = Aggregation.aggregate(s, shuffled, start);
        assertThat(again.bytes()).as(s.id()).isEqualTo(reference.bytes());
        assertThat(again.hash()).isEqualTo(reference.hash());
      }
      assertThat(ContentHash.keccak256(reference.bytes())).isEqualTo(reference.hash());
      assertThat(SafetensorsCodec.decode(reference.bytes())).isEqualTo(reference.update());
      assertThat(reference.update().metadata()).containsEntry(PeftUpdates.LABELS_KEY, CLASSES);
    }
  }

  @Test
  void shouldKeepOnlyTheEntriesEveryInputHoldsWithTheSameValue() {
    // The lowest signer alone must not name the aggregate's classes, nor one input add a key.
    List<AggregationInput> inputs = labelled(tinyPair());
    List<AggregationInput> disagreeing =
        List.of(
            with(inputs.get(0), PeftUpdates.LABELS_KEY, "[\"bad\",\"good\"]"),
            with(inputs.get(1), "injected", "by the lowest signer"));

    for (AggregationStrategy s : List.of(AggregationStrategy.FEDAVG, AggregationStrategy.EXACT)) {
      assertThat(Aggregation.aggregate(s, inputs).update().metadata())
          .containsEntry(PeftUpdates.LABELS_KEY, CLASSES);
      assertThat(Aggregation.aggregate(s, disagreeing).update().metadata())
          .doesNotContainKeys(PeftUpdates.LABELS_KEY, "injected")
          .containsEntry(UpdateMetadata.STRATEGY, s.id())
          .containsEntry(
              AdapterUpdate.PEFT_CONFIG_KEY,
              Aggregation.aggregate(s, inputs)
                  .update()
                  .metadata()
                  .get(AdapterUpdate.PEFT_CONFIG_KEY));
    }
  }

  @Test
  void shouldReturnASingleParticipantsFileUnchanged() {
    AggregationInput only = randomInputs(1, 5).get(0);
    for (AggregationStrategy s : ALL) {
      AggregateResult r = Aggregation.aggregate(s, List.of(only), TestUpdates.random(9, 1));
      assertThat(r.bytes()).isEqualTo(only.bytes());
      assertThat(r.hash()).isEqualTo(only.hash());
    }
  }

  @Test
  void shouldRecordStrategyInputsInSignerOrderAndSampleSum() {
    AggregateResult r = Aggregation.aggregate(AggregationStrategy.MEDIAN, tinyPair());

    UpdateMetadata m = r.update().d2ora();
    assertThat(m.strategy()).isEqualTo("median");
    assertThat(m.numSamples()).isEqualTo(4);
    assertThat(m.inputs()).containsExactly(tinyPair().get(1).hash(), tinyPair().get(0).hash());
    assertThat(r.report().signers()).containsExactly(X, Y);
    assertThat(r.report().weights()).containsExactly(0.25, 0.75);
  }

  @Test
  void shouldMatchHandComputedFedavg() {
    AdapterUpdate u = Aggregation.aggregate(AggregationStrategy.FEDAVG, tinyPair()).update();

    // p = (1/4, 3/4) for (X, Y).
    assertThat(u.tensor(PeftNames.loraA("m")).data()).containsExactly(0.25f, 0.75f);
    assertThat(u.tensor(PeftNames.loraB("m")).data()).containsExactly(2.5f, 0.5f);
    assertThat(u.tensor(PeftNames.magnitude("m")).data()).containsExactly(1.75f, 1.75f);
    assertThat(u.tensor(HEAD).data()).containsExactly(3f, 7f);
    assertThat(u.config()).isEqualTo(TINY);
  }

  @Test
  void shouldMatchHandComputedExactStacking() {
    AggregateResult r = Aggregation.aggregate(AggregationStrategy.EXACT, tinyPair());
    AdapterUpdate u = r.update();

    // s = alpha / r = 1; stacked r' = 2 so s' = 1/2 and c_i = p_i s / s' = (0.5, 1.5).
    assertThat(u.config().r()).isEqualTo(2);
    assertThat(u.tensor(PeftNames.loraA("m")).data()).containsExactly(1f, 0f, 0f, 1f);
    assertThat(u.tensor(PeftNames.loraB("m")).data()).containsExactly(0.5f, 4.5f, 1f, 0f);
    assertThat(u.tensor(PeftNames.magnitude("m")).data()).containsExactly(1.75f, 1.75f);
    assertThat(u.tensor(HEAD).data()).containsExactly(3f, 7f);
    // dW_exact = [[0.25, 2.25], [0.5, 0]], dW_fedavg = [[0.625, 1.875], [0.125, 0.375]].
    assertThat(r.report().fedavgGap().get("m")).isCloseTo(0.75 / Math.sqrt(5.375), within(1e-12));
  }

  @Test
  void shouldEqualTheExactWeightedSumOfProducts() {
    List<AggregationInput> inputs = randomInputs(3, 7);
    AggregateResult r = Aggregation.aggregate(AggregationStrategy.EXACT, inputs);
    double s = TestUpdates.config().scaling();
    double sOut = r.update().config().scaling();
    for (String module : TestUpdates.MODULES) {
      double[] expected = new double[TestUpdates.OUT * TestUpdates.IN];
      double total = inputs.stream().mapToLong(AggregationInput::numSamples).sum();
      for (AggregationInput in : inputs) {
        addProduct(expected, in.numSamples() / total * s, in.update(), module);
      }
      double[] actual = new double[expected.length];
      addProduct(actual, sOut, r.update(), module);
      for (int j = 0; j < expected.length; j++) {
        assertThat(actual[j]).isCloseTo(expected[j], within(1e-6 * (1 + Math.abs(expected[j]))));
      }
    }
  }

  @Test
  void shouldRecompressToTheBestLowRankApproximation() {
    List<AggregationInput> inputs = randomInputs(3, 8);
    AggregateResult full = Aggregation.aggregate(AggregationStrategy.EXACT, inputs);
    AggregateResult same = Aggregation.aggregate(AggregationStrategy.exact(5), inputs);
    AggregateResult low = Aggregation.aggregate(AggregationStrategy.exact(1), inputs);
    for (String module : TestUpdates.MODULES) {
      double[] exact = new double[TestUpdates.OUT * TestUpdates.IN];
      addProduct(exact, full.update().config().scaling(), full.update(), module);
      double[] rank5 = new double[exact.length];
      addProduct(rank5, same.update().config().scaling(), same.update(), module);
      double[] rank1 = new double[exact.length];
      addProduct(rank1, low.update().config().scaling(), low.update(), module);
      // Rank 5 = min(out, in) keeps everything; rank 1 loses exactly the reported residual.
      assertThat(distance(rank5, exact) / norm(exact)).isLessThan(1e-6);
      assertThat(distance(rank1, exact) / norm(exact))
          .isCloseTo(low.report().recompressionResidual().get(module), within(1e-6));
      assertThat(low.update().config().r()).isEqualTo(1);
      // sqrt(sigma / s) into each factor: A's row and B's column have the same norm.
      double rowA = 0;
      for (float v : low.update().tensor(PeftNames.loraA(module)).data()) {
        rowA += v * v;
      }
      double columnB = 0;
      for (float v : low.update().tensor(PeftNames.loraB(module)).data()) {
        columnB += v * v;
      }
      assertThat(rowA).as("factors balanced").isCloseTo(columnB, within(1e-5 * columnB));
    }
  }

  @Test
  void shouldKeepRobustAggregatesCloseWhenOneUpdateIsScaledByHundred() {
    // Five peers that started from the same adapter: base + 0.1 N(0, 1) each.
    AdapterUpdate base = TestUpdates.random(500, 1);
    List<AdapterUpdate> honest = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      honest.add(perturb(base, 0.1f, 600 + i, 1f));
    }
    List<AggregationInput> clean = inputs(honest);
    List<AdapterUpdate> attacked = new ArrayList<>(honest);
    attacked.set(2, perturb(base, 0.1f, 602, 100f));
    List<AggregationInput> poisoned = inputs(attacked);
    AdapterUpdate honestFedavg = Aggregation.aggregate(AggregationStrategy.FEDAVG, clean).update();
    double[] range = honestRange(honest);
    double rangeNorm = norm(range);

    double fedavgShift =
        distance(
            flat(Aggregation.aggregate(AggregationStrategy.FEDAVG, poisoned).update()),
            flat(honestFedavg));
    for (AggregationStrategy s :
        List.of(AggregationStrategy.MEDIAN, AggregationStrategy.trimmedMean(0.2))) {
      double[] robust = flat(Aggregation.aggregate(s, poisoned).update());
      double[] reference = flat(honestFedavg);
      // Bound: with one outlier of five, median and 20%-trimmed mean lie per coordinate within the
      // honest values' [min, max], as does the honest mean, so |robust - honest| <= max - min.
      for (int j = 0; j < robust.length; j++) {
        assertThat(Math.abs(robust[j] - reference[j]))
            .as(s.id())
            .isLessThanOrEqualTo(range[j] + 1e-6);
      }
      assertThat(distance(robust, reference)).isLessThanOrEqualTo(rangeNorm + 1e-6);
    }
    // Bound for norm clipping: every clipped delta is at most the median norm <= the largest
    // honest delta norm D, so both aggregates are within D of the start: distance <= 2 D.
    double maxHonestDelta =
        honest.stream().mapToDouble(u -> distance(flat(u), flat(base))).max().orElseThrow();
    double clipShift =
        distance(
            flat(Aggregation.aggregate(AggregationStrategy.NORM_CLIP, poisoned, base).update()),
            flat(Aggregation.aggregate(AggregationStrategy.NORM_CLIP, clean, base).update()));
    assertThat(clipShift).isLessThanOrEqualTo(2 * maxHonestDelta);
    assertThat(fedavgShift)
        .as("fedavg is dragged away")
        .isGreaterThan(20 * Math.max(rangeNorm, 2 * maxHonestDelta));
  }

  @Test
  void shouldRejectMismatchedInputsWithClearErrors() {
    AdapterUpdate good = TestUpdates.random(1, 10);
    AdapterConfig otherAlpha = TestUpdates.config().withAlpha(32);
    AdapterUpdate alpha = AdapterUpdate.of(good.tensors(), otherAlpha, TestUpdates.metadata(10));
    Map<String, FloatTensor> bigger = new TreeMap<>(good.tensors());
    bigger.put(HEAD, FloatTensor.zeros(3, TestUpdates.IN));
    AdapterUpdate shape = AdapterUpdate.of(bigger, TestUpdates.config(), TestUpdates.metadata(10));
    AdapterUpdate round =
        AdapterUpdate.of(
            good.tensors(),
            TestUpdates.config(),
            UpdateMetadata.local(31337, TestUpdates.REGISTRY, 2, TestUpdates.BASE_MODEL_HASH, 10));
    AggregationInput a = AggregationInput.of(X, good, 10);

    assertThatThrownBy(
            () ->
                Aggregation.aggregate(
                    AggregationStrategy.FEDAVG, List.of(a, AggregationInput.of(Y, alpha, 10))))
        .isInstanceOf(AggregationException.class)
        .hasMessageContaining(Y.hex())
        .hasMessageContaining("\"lora_alpha\":32");
    assertThatThrownBy(
            () ->
                Aggregation.aggregate(
                    AggregationStrategy.FEDAVG, List.of(a, AggregationInput.of(Y, shape, 10))))
        .hasMessageContaining("expected shape [2, 5], got [3, 5]");
    assertThatThrownBy(
            () ->
                Aggregation.aggregate(
                    AggregationStrategy.FEDAVG, List.of(a, AggregationInput.of(Y, round, 10))))
        .hasMessageContaining("31337/" + TestUpdates.REGISTRY + "/2/");
    assertThatThrownBy(
            () ->
                Aggregation.aggregate(
                    AggregationStrategy.FEDAVG, List.of(AggregationInput.of(X, good, 11))))
        .hasMessageContaining("file says 10 samples, commitment says 11");
    assertThatThrownBy(() -> Aggregation.aggregate(AggregationStrategy.FEDAVG, List.of(a, a)))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(
            () ->
                Aggregation.aggregate(
                    AggregationStrategy.NORM_CLIP, List.of(a, AggregationInput.of(Y, good, 10))))
        .hasMessageContaining("start adapter");
    assertThatThrownBy(() -> Aggregation.aggregate(AggregationStrategy.FEDAVG, List.of()))
        .hasMessageContaining("no inputs");
  }

  @Test
  void shouldReportAnOverflowingAggregateInsteadOfCrashing() {
    // Finite inputs whose server step does not fit float32: the aggregator must say so (the round
    // then leaves the input out) instead of throwing from the encoder. (exact:R no longer
    // overflows here: it splits sqrt(sigma) into each factor.)
    AdapterUpdate start = ServerOptimizerTest.constant(-3e37f, 1, 10);
    List<AggregationInput> inputs = ServerOptimizerTest.round(2, 3e37f, 3e37f);

    assertThatThrownBy(
            () ->
                Aggregation.aggregate(
                    AggregationStrategy.parse("fedavg:server_lr=10"), inputs, start))
        .isInstanceOf(AggregationException.class)
        .hasMessageContaining("fedavg:server_lr=10.0 overflows float32")
        .hasMessageContaining("Infinity");
  }

  @Test
  void shouldParseStrategyIdsBack() {
    List<AggregationStrategy> server =
        List.of(
            AggregationStrategy.FEDAVGM,
            AggregationStrategy.FEDADAM,
            AggregationStrategy.FFA,
            AggregationStrategy.parse("fedavg:server_lr=0.5"),
            AggregationStrategy.parse("fedadam:tau=0.01;beta1=0.8"));
    for (AggregationStrategy s : concat(ALL, server)) {
      assertThat(AggregationStrategy.parse(s.id())).isEqualTo(s);
    }
    assertThat(AggregationStrategy.parse("fedadam:tau=0.01;beta1=0.8").id())
        .isEqualTo("fedadam:server_lr=0.01;beta1=0.8;beta2=0.99;tau=0.01");
    assertThat(AggregationStrategy.parse("fedavg:server_lr=1.0"))
        .isEqualTo(AggregationStrategy.FEDAVG);
    assertThatThrownBy(() -> AggregationStrategy.parse("fedavgm:tau=0.1"))
        .hasMessageContaining("fedavgm takes server_lr, beta1");
    assertThatThrownBy(() -> AggregationStrategy.parse("fedadam:beta2=1"))
        .hasMessageContaining("beta2 out of range: 1.0");
    assertThat(AggregationStrategy.parse("trimmed-mean").trimFraction()).isEqualTo(0.2);
    assertThatThrownBy(() -> AggregationStrategy.parse("krum"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fedavg[:server_lr=E]")
        .hasMessageContaining("exact:RANK");
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<AggregationInput> inputs(List<AdapterUpdate> updates) {
    List<AggregationInput> out = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      out.add(
          AggregationInput.of(Address.parse(String.format("0x%040x", i + 1)), updates.get(i), 1));
    }
    return out;
  }

  /** base + sigma N(0, 1), all times factor; sample count 1. */
  private static AdapterUpdate perturb(AdapterUpdate base, float sigma, long seed, float factor) {
    Random rnd = new Random(seed);
    Map<String, FloatTensor> t = new TreeMap<>();
    base.tensors()
        .forEach(
            (name, x) -> {
              float[] d = new float[x.size()];
              for (int j = 0; j < d.length; j++) {
                d[j] = factor * (x.data()[j] + sigma * (float) rnd.nextGaussian());
              }
              t.put(name, new FloatTensor(x.shape(), d));
            });
    return AdapterUpdate.of(t, TestUpdates.config(), TestUpdates.metadata(1));
  }

  private static double[] honestRange(List<AdapterUpdate> honest) {
    List<double[]> flats = honest.stream().map(AggregationTest::flat).toList();
    double[] range = new double[flats.get(0).length];
    for (int j = 0; j < range.length; j++) {
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      for (double[] f : flats) {
        lo = Math.min(lo, f[j]);
        hi = Math.max(hi, f[j]);
      }
      range[j] = hi - lo;
    }
    return range;
  }

  private static double[] flat(AdapterUpdate u) {
    double[] out = new double[(int) u.elementCount()];
    int k = 0;
    for (FloatTensor t : u.tensors().values()) {
      for (float v : t.data()) {
        out[k++] = v;
      }
    }
    return out;
  }

  private static void addProduct(double[] acc, double c, AdapterUpdate u, String module) {
    FloatTensor a = u.tensor(PeftNames.loraA(module));
    FloatTensor b = u.tensor(PeftNames.loraB(module));
    int r = a.dim(0);
    int in = a.dim(1);
    for (int o = 0; o < b.dim(0); o++) {
      for (int j = 0; j < in; j++) {
        double sum = 0;
        for (int k = 0; k < r; k++) {
          sum += (double) b.get(o, k) * a.get(k, j);
        }
        acc[o * in + j] += c * sum;
      }
    }
  }

  private static double norm(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private static double distance(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.sqrt(s);
  }
}
