package io.d2ora.app.training;

import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateLimits;
import io.d2ora.core.aggregate.AggregateResult;
import io.d2ora.core.aggregate.Aggregation;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.aggregate.AggregationReport;
import io.d2ora.core.aggregate.RoundStart;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.InvalidUpdateException;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.UpdateAggregator;
import io.d2ora.core.round.UpdateValidator;
import io.d2ora.core.round.VerifiedUpdate;
import io.d2ora.core.store.ContentHash;
import io.d2ora.core.train.UpdateRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round's validator and aggregator over the adapter codec and {@code io.d2ora.core.aggregate}.
 *
 * <p>{@link #validate} checks everything that could make aggregation fail, on each update alone, so
 * a bad update is rejected by name before it is accepted: the file decodes defensively ({@link
 * #LIMITS}: sizes before allocation, NaN/Inf rejected); its D2ORA metadata names this chain,
 * registry, round and base model, a local update (not an aggregate) and exactly the sample count
 * the signer committed; its PEFT config, class names, tensor layout (ranks and dimensions) and
 * tensor norms are those of the round ({@link UpdateRules}, from the base model and the round
 * config's training config).
 *
 * <p>{@link #aggregate} uses the strategy of the round config whose hash the round names. The one
 * thing single updates cannot settle is a round whose config names no class list: updates whose
 * class list differs from that of most inputs are left out by name. Any other failure of the core
 * aggregation is a bug that validation missed; it is reported as an {@link InvalidUpdateException}
 * naming no signer, which the round logic resolves (see {@link UpdateAggregator}).
 */
public final class AdapterAggregator implements UpdateAggregator, UpdateValidator {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterAggregator.class);

  /** Default limits with tensors of up to 64 dimensions. */
  public static final UpdateLimits LIMITS =
      new UpdateLimits(
          UpdateLimits.DEFAULT_MAX_FILE_BYTES,
          UpdateLimits.DEFAULT_MAX_HEADER_BYTES,
          UpdateLimits.DEFAULT_MAX_TENSORS,
          64);

  private final Function<RoundInfo, RoundConfig> configs;
  private final BaseModel base;
  private final long chainId;
  private final String registry;
  private final Consumer<AggregationReport> onAggregated;
  private final Function<ContentHash, Optional<byte[]>> contents;
  private final Map<String, UpdateRules> rules = new ConcurrentHashMap<>();

  /** An aggregator that holds no adapter files: strategies that step from a start fail. */
  public AdapterAggregator(
      Function<RoundInfo, RoundConfig> configs,
      BaseModel base,
      long chainId,
      String registry,
      Consumer<AggregationReport> onAggregated) {
    this(configs, base, chainId, registry, onAggregated, hash -> Optional.empty());
  }

  /**
   * @param configs the round config of a round (throws if this node does not know it)
   * @param base the base model the rounds fine-tune (their updates' dimensions and norm bounds)
   * @param onAggregated told about each aggregation's report (fedavg-vs-exact gap, weights)
   * @param contents the adapter files this node holds by hash (the previous rounds' aggregates),
   *     for strategies that step from the round's start ({@link RoundStart})
   */
  public AdapterAggregator(
      Function<RoundInfo, RoundConfig> configs,
      BaseModel base,
      long chainId,
      String registry,
      Consumer<AggregationReport> onAggregated,
      Function<ContentHash, Optional<byte[]>> contents) {
    this.contents = contents;
    this.configs = configs;
    this.base = base;
    this.chainId = chainId;
    this.registry = registry.toLowerCase(Locale.ROOT);
    this.onAggregated = onAggregated;
  }

  @Override
  public void validate(RoundInfo round, Address signer, long numSamples, byte[] bytes) {
    UpdateRules roundRules = rules(round);
    AdapterUpdate update = decode(signer, bytes);
    UpdateChecks.checkMetadata(update, signer, numSamples, round, chainId, registry);
    if (configs.apply(round).strategy().stepsFromStart()) {
      try {
        RoundStart.named(update);
      } catch (AdapterException e) {
        throw new InvalidUpdateException(signer, e.getMessage(), e);
      }
    }
    try {
      roundRules.check(update);
    } catch (AdapterException e) {
      throw new InvalidUpdateException(signer, "does not fit the round: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] aggregate(RoundInfo round, List<VerifiedUpdate> orderedBySigner) {
    RoundConfig config = configs.apply(round);
    List<AggregationInput> inputs = new ArrayList<>();
    for (VerifiedUpdate u : orderedBySigner) {
      AdapterUpdate update = decode(u.signer(), u.bytes());
      inputs.add(new AggregationInput(u.signer(), u.bytes(), update, u.hash(), u.numSamples()));
    }
    UpdateChecks.outsideMajorityClasses(inputs)
        .ifPresent(
            odd -> {
              throw new InvalidUpdateException(
                  odd.signer(),
                  "its class names differ from those of most updates in the round",
                  null);
            });
    AdapterUpdate start =
        config.strategy().stepsFromStart() ? start(round, inputs).orElse(null) : null;
    AggregateResult result;
    try {
      result = Aggregation.aggregate(config.strategy(), inputs, start);
    } catch (RuntimeException e) {
      LOG.error("round {}: aggregating validated updates failed", round.id(), e);
      throw new InvalidUpdateException(
          "cannot aggregate round " + round.id() + ": " + e.getMessage());
    }
    onAggregated.accept(result.report());
    return result.bytes();
  }

  /**
   * The adapter most inputs name as their start (an input naming another is left out by name), from
   * this node's files.
   */
  private Optional<AdapterUpdate> start(RoundInfo round, List<AggregationInput> inputs) {
    List<Optional<ContentHash>> named = new ArrayList<>();
    for (AggregationInput in : inputs) {
      try {
        named.add(RoundStart.named(in.update()));
      } catch (AdapterException e) {
        throw new InvalidUpdateException(in.signer(), e.getMessage(), e);
      }
    }
    Optional<ContentHash> start = RoundStart.majority(named);
    for (int i = 0; i < inputs.size(); i++) {
      if (!named.get(i).equals(start)) {
        throw new InvalidUpdateException(
            inputs.get(i).signer(),
            "started from "
                + named.get(i).map(ContentHash::hex).orElse(RoundStart.NONE)
                + " but most of round "
                + round.id()
                + " started from "
                + start.map(ContentHash::hex).orElse(RoundStart.NONE),
            null);
      }
    }
    if (start.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes =
        contents
            .apply(start.get())
            .orElseThrow(
                () ->
                    new InvalidUpdateException(
                        "cannot aggregate round "
                            + round.id()
                            + ": its start adapter "
                            + start.get()
                            + " (the previous round's aggregate) is not in this node's store"));
    try {
      return Optional.of(SafetensorsCodec.decode(bytes, LIMITS));
    } catch (AdapterException e) {
      throw new InvalidUpdateException(
          "cannot aggregate round " + round.id() + ": its start adapter " + e.getMessage());
    }
  }

  private static AdapterUpdate decode(Address signer, byte[] bytes) {
    try {
      return SafetensorsCodec.decode(bytes, LIMITS);
    } catch (AdapterException e) {
      throw new InvalidUpdateException(signer, "malformed update file: " + e.getMessage(), e);
    }
  }

  /** The rules for the round's config and base model, built once per config. */
  private UpdateRules rules(RoundInfo round) {
    RoundConfig config = configs.apply(round);
    if (!round.baseModelHash().equals(base.hash())) {
      throw new IllegalStateException(
          "round "
              + round.id()
              + " fine-tunes base model "
              + round.baseModelHash()
              + " but this node loaded "
              + base.hash()
              + "; it cannot judge the round's updates");
    }
    return rules.computeIfAbsent(
        config.hash().hex(), h -> UpdateRules.of(base, config.training("unused")));
  }

  /** The config-resolver for a node that knows exactly one round config. */
  public static Function<RoundInfo, RoundConfig> only(RoundConfig config) {
    Map<String, RoundConfig> known = Map.of(config.hash().hex(), config);
    return round -> {
      RoundConfig c = known.get(round.configHash().hex());
      if (c == null) {
        throw new InvalidUpdateException(
            "round "
                + round.id()
                + " uses config "
                + round.configHash()
                + ", which this node does not have");
      }
      return c;
    };
  }
}
