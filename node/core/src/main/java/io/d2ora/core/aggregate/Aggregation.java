package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterConfig;
import io.d2ora.core.adapter.AdapterLayout;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.FloatTensor;
import io.d2ora.core.adapter.MalformedUpdateException;
import io.d2ora.core.adapter.NonFiniteTensorException;
import io.d2ora.core.adapter.PeftNames;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.store.ContentHash;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Aggregates a round's verified updates into the round's result file, deterministically.
 *
 * <ol>
 *   <li>Inputs are sorted by signer address (by the address bytes, see {@link
 *       io.d2ora.core.round.Address}); a signer may appear once.
 *   <li>All inputs must agree on layout (names and shapes), PEFT config, chain id, registry, round
 *       and base model hash, and each file's sample count must equal the committed one.
 *   <li>One input: its bytes are returned unchanged (same hash).
 *   <li>Otherwise weights p_i = n_i / sum n are computed in double, the strategy's rule runs in
 *       double in signer order, and each value is rounded to float32 once. The result's metadata
 *       records the strategy id, the inputs' hashes in order and the summed sample count, and keeps
 *       every other entry (e.g. the class names, {@code d2ora.labels}) that all inputs hold with
 *       the same value: a set intersection, so it depends on no input's order or position. Its
 *       canonical bytes' keccak-256 is the aggregate hash. A result float32 cannot hold (inputs so
 *       large that the strategy overflows) is an {@link AggregationException}, never a file.
 * </ol>
 *
 * Single-threaded and free of BLAS, so any machine recomputes the same bytes.
 */
public final class Aggregation {
  private Aggregation() {}

  /** Aggregates without a start adapter (a run's first round; norm-clip needs one). */
  public static AggregateResult aggregate(
      AggregationStrategy strategy, List<AggregationInput> inputs) {
    return aggregate(strategy, inputs, null);
  }

  /**
   * Aggregates {@code inputs} in signer order.
   *
   * @param start the adapter the round started from (the previous round's aggregate, with its
   *     server state), or null in a run's first round; norm-clip requires it, the server optimisers
   *     ({@link AggregationStrategy#stepsFromStart()}) step from it, others ignore it
   * @throws AggregationException when the inputs cannot be combined; {@link ServerStateException}
   *     when the start's server state is missing, malformed or another optimiser's
   */
  public static AggregateResult aggregate(
      AggregationStrategy strategy, List<AggregationInput> inputs, AdapterUpdate start) {
    List<AggregationInput> sorted = sortBySigner(inputs);
    AdapterConfig config = checkCompatible(sorted);
    double[] p = weights(sorted);
    if (sorted.size() == 1 && !strategy.stepsFromStart()) {
      AggregationInput only = sorted.get(0);
      return new AggregateResult(
          only.bytes(),
          only.hash(),
          only.update(),
          AggregationReport.of(
              strategy.id(), fields(only).roundId(), sorted, p, Map.of(), Map.of()));
    }
    List<AdapterUpdate> updates = sorted.stream().map(AggregationInput::update).toList();
    Map<String, Double> residuals = Map.of();
    AdapterConfig outConfig = config;
    Map<String, FloatTensor> tensors;
    ServerState state = null;
    switch (strategy.kind()) {
      case FEDAVG, FEDAVGM, FEDADAM -> {
        if (!strategy.stepsFromStart()) {
          tensors = coordinatewise(updates, v -> Coordinatewise.weightedMean(v, p));
        } else {
          ServerOptimizer.Step step = serverStep(strategy, sorted, updates, p, start);
          tensors = new TreeMap<>(step.adapter());
          state = step.state();
        }
      }
      case FFA -> {
        checkNoA(sorted);
        tensors = coordinatewise(updates, v -> Coordinatewise.weightedMean(v, p));
      }
      case MEDIAN -> tensors = coordinatewise(updates, Coordinatewise::median);
      case TRIMMED_MEAN -> {
        int k = (int) Math.floor(strategy.trimFraction() * updates.size());
        tensors = coordinatewise(updates, v -> Coordinatewise.trimmedMean(v, k));
      }
      case NORM_CLIP -> tensors = NormClipping.apply(updates, p, requireStart(start, sorted));
      case EXACT -> {
        FactorStacking.Result r = FactorStacking.apply(updates, p, config, strategy.rank());
        tensors = r.tensors();
        outConfig = r.config();
        residuals = r.residuals();
      }
      default -> throw new IllegalStateException("unhandled strategy " + strategy);
    }
    UpdateMetadata fields =
        updates
            .get(0)
            .d2ora()
            .aggregated(
                strategy.id(),
                sorted.stream().map(AggregationInput::hash).toList(),
                totalSamples(sorted));
    AdapterUpdate result = withState(AdapterUpdate.of(tensors, outConfig, fields), state);
    result = withSharedEntries(result, updates);
    byte[] bytes;
    try {
      bytes = SafetensorsCodec.encode(result);
    } catch (NonFiniteTensorException e) {
      throw new AggregationException(
          strategy.id()
              + " overflows float32 ("
              + e.getMessage()
              + "): an input holds values too large for this strategy",
          e);
    }
    Map<String, Double> gap = FedavgGap.measure(updates, p, config.scaling());
    return new AggregateResult(
        bytes,
        ContentHash.keccak256(bytes),
        result,
        AggregationReport.of(strategy.id(), fields.roundId(), sorted, p, gap, residuals));
  }

  /** The server step from {@code start} (or the first round's mean and initial state). */
  private static ServerOptimizer.Step serverStep(
      AggregationStrategy strategy,
      List<AggregationInput> sorted,
      List<AdapterUpdate> updates,
      double[] p,
      AdapterUpdate start) {
    AdapterLayout layout = AdapterLayout.of(updates.get(0));
    checkNamedStart(sorted.get(0), start);
    ServerState state = null;
    if (start == null) {
      state = strategy.carriesServerState() ? ServerState.initial(strategy, layout) : null;
      return ServerOptimizer.apply(strategy, updates, p, null, state);
    }
    long roundId = fields(sorted.get(0)).roundId();
    if (strategy.carriesServerState()) {
      state = ServerState.read(start, strategy, layout, roundId);
    } else {
      requireStart(ServerState.strip(start), sorted);
    }
    return ServerOptimizer.apply(strategy, updates, p, ServerState.strip(start), state);
  }

  /**
   * FFA-LoRA (Sun et al. 2024) freezes A at the seeded init every peer regenerates, so an ffa
   * update carries none; one that does trained A (or lies about it) and is refused.
   */
  private static void checkNoA(List<AggregationInput> sorted) {
    for (AggregationInput in : sorted) {
      for (String name : in.update().tensors().keySet()) {
        if (PeftNames.parse(name).map(p -> p.role() == PeftNames.Role.LORA_A).orElse(false)) {
          throw new AggregationException(
              in.signer() + ": an ffa update carries no lora_A (A is frozen), got " + name);
        }
      }
    }
  }

  /**
   * When the inputs name their start ({@link RoundStart}), {@code start} must be that file: a
   * caller that forgets it would otherwise take a first round's plain mean, silently.
   */
  private static void checkNamedStart(AggregationInput first, AdapterUpdate start) {
    if (!first.update().metadata().containsKey(RoundStart.KEY)) {
      return;
    }
    Optional<ContentHash> named;
    try {
      named = RoundStart.named(first.update());
    } catch (MalformedUpdateException e) {
      throw new AggregationException(first.signer() + ": " + e.getMessage(), e);
    }
    Optional<ContentHash> given =
        Optional.ofNullable(start).map(s -> ContentHash.keccak256(SafetensorsCodec.encode(s)));
    if (!named.equals(given)) {
      throw new AggregationException(
          "the inputs started from "
              + named.map(ContentHash::hex).orElse(RoundStart.NONE)
              + " but the start adapter given is "
              + given.map(ContentHash::hex).orElse(RoundStart.NONE));
    }
  }

  /** {@code result} with the server state's tensors and step, when there is a state. */
  private static AdapterUpdate withState(AdapterUpdate result, ServerState state) {
    if (state == null) {
      return result;
    }
    TreeMap<String, FloatTensor> tensors = new TreeMap<>(result.tensors());
    tensors.putAll(state.tensors());
    TreeMap<String, String> metadata = new TreeMap<>(result.metadata());
    metadata.put(ServerState.STEP_KEY, Long.toString(state.step()));
    return new AdapterUpdate(tensors, metadata);
  }

  /**
   * {@code result} plus the metadata entries every input holds with the same value, except those
   * the aggregate sets itself (format, PEFT config, D2ORA fields). Without this a model downloaded
   * from a round could not name its classes; an entry only some inputs carry, or carry with
   * different values, is dropped rather than taken from one of them.
   */
  private static AdapterUpdate withSharedEntries(AdapterUpdate result, List<AdapterUpdate> inputs) {
    TreeMap<String, String> shared = new TreeMap<>(inputs.get(0).metadata());
    shared.keySet().removeAll(result.metadata().keySet());
    for (AdapterUpdate in : inputs) {
      shared.entrySet().removeIf(e -> !e.getValue().equals(in.metadata().get(e.getKey())));
    }
    if (shared.isEmpty()) {
      return result;
    }
    TreeMap<String, String> metadata = new TreeMap<>(result.metadata());
    metadata.putAll(shared);
    return new AdapterUpdate(result.tensors(), metadata);
  }

  private static List<AggregationInput> sortBySigner(List<AggregationInput> inputs) {
    if (inputs.isEmpty()) {
      throw new AggregationException("nothing to aggregate: no inputs");
    }
    List<AggregationInput> sorted = new ArrayList<>(inputs);
    sorted.sort(Comparator.comparing(AggregationInput::signer));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).signer().equals(sorted.get(i - 1).signer())) {
        throw new AggregationException("signer " + sorted.get(i).signer() + " appears twice");
      }
    }
    return sorted;
  }

  /** Checks every input against the first; returns the common PEFT config. */
  private static AdapterConfig checkCompatible(List<AggregationInput> sorted) {
    AggregationInput first = sorted.get(0);
    AdapterConfig config = config(first);
    UpdateMetadata reference = fields(first);
    AdapterLayout layout = AdapterLayout.of(first.update());
    for (AggregationInput in : sorted) {
      UpdateMetadata m = fields(in);
      if (m.numSamples() != in.numSamples()) {
        throw new AggregationException(
            in.signer()
                + ": file says "
                + m.numSamples()
                + " samples, commitment says "
                + in.numSamples());
      }
      if (in == first) {
        continue;
      }
      if (!config(in).equals(config)) {
        throw new AggregationException(
            in.signer()
                + ": PEFT config "
                + config(in).toJson()
                + " differs from "
                + first.signer()
                + "'s "
                + config.toJson());
      }
      if (m.chainId() != reference.chainId()
          || !m.registry().equals(reference.registry())
          || m.roundId() != reference.roundId()
          || !m.baseModelHash().equals(reference.baseModelHash())) {
        throw new AggregationException(
            in.signer()
                + ": chain/registry/round/base model "
                + m.chainId()
                + "/"
                + m.registry()
                + "/"
                + m.roundId()
                + "/"
                + m.baseModelHash()
                + " differs from "
                + first.signer()
                + "'s "
                + reference.chainId()
                + "/"
                + reference.registry()
                + "/"
                + reference.roundId()
                + "/"
                + reference.baseModelHash());
      }
      try {
        layout.check(in.update());
      } catch (MalformedUpdateException e) {
        throw new AggregationException(
            in.signer() + " vs " + first.signer() + ": " + e.getMessage(), e);
      }
    }
    return config;
  }

  private static AdapterConfig config(AggregationInput in) {
    try {
      return in.update().config();
    } catch (MalformedUpdateException e) {
      throw new AggregationException(in.signer() + ": " + e.getMessage(), e);
    }
  }

  private static UpdateMetadata fields(AggregationInput in) {
    try {
      return in.update().d2ora();
    } catch (MalformedUpdateException e) {
      throw new AggregationException(in.signer() + ": " + e.getMessage(), e);
    }
  }

  private static long totalSamples(List<AggregationInput> sorted) {
    long samples = 0;
    for (AggregationInput in : sorted) {
      try {
        samples = Math.addExact(samples, in.numSamples());
      } catch (ArithmeticException e) {
        throw new AggregationException("the inputs' sample counts overflow a long at " + in, e);
      }
    }
    return samples;
  }

  private static double[] weights(List<AggregationInput> sorted) {
    double total = 0;
    for (AggregationInput in : sorted) {
      total += in.numSamples();
    }
    double[] p = new double[sorted.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = sorted.get(i).numSamples() / total;
    }
    return p;
  }

  private static AdapterUpdate requireStart(AdapterUpdate start, List<AggregationInput> sorted) {
    if (start == null) {
      throw new AggregationException("norm-clip needs the round's start adapter to measure deltas");
    }
    start = ServerState.strip(start);
    try {
      AdapterLayout.of(sorted.get(0).update()).check(start);
    } catch (MalformedUpdateException e) {
      throw new AggregationException("start adapter: " + e.getMessage(), e);
    }
    return start;
  }

  private static Map<String, FloatTensor> coordinatewise(
      List<AdapterUpdate> updates, java.util.function.Function<List<float[]>, float[]> rule) {
    Map<String, FloatTensor> out = new TreeMap<>();
    for (Map.Entry<String, FloatTensor> e : updates.get(0).tensors().entrySet()) {
      List<float[]> values = updates.stream().map(u -> u.tensor(e.getKey()).data()).toList();
      out.put(e.getKey(), new FloatTensor(e.getValue().shape(), rule.apply(values)));
    }
    return out;
  }
}
