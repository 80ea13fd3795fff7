package io.d2ora.app.training;

import io.d2ora.core.adapter.AdapterException;
import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.adapter.SafetensorsCodec;
import io.d2ora.core.adapter.UpdateLimits;
import io.d2ora.core.adapter.UpdateMetadata;
import io.d2ora.core.aggregate.AggregateResult;
import io.d2ora.core.aggregate.Aggregation;
import io.d2ora.core.aggregate.AggregationException;
import io.d2ora.core.aggregate.AggregationInput;
import io.d2ora.core.aggregate.AggregationReport;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.InvalidUpdateException;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.UpdateAggregator;
import io.d2ora.core.round.UpdateValidator;
import io.d2ora.core.round.VerifiedUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The round's validator and aggregator over the adapter codec and {@code io.d2ora.core.aggregate}.
 * Validation decodes defensively ({@link #LIMITS}: sizes before allocation, NaN/Inf rejected) and
 * checks the file's D2ORA metadata against the round: chain, registry, round id, base model.
 * Aggregation uses the strategy of the round config whose hash the round names.
 */
public final class AdapterAggregator implements UpdateAggregator, UpdateValidator {
  /** Default limits with rank up to 64, so {@code exact} (stacked factors) results decode too. */
  public static final UpdateLimits LIMITS =
      new UpdateLimits(
          UpdateLimits.DEFAULT_MAX_FILE_BYTES,
          UpdateLimits.DEFAULT_MAX_HEADER_BYTES,
          UpdateLimits.DEFAULT_MAX_TENSORS,
          64);

  private final Function<RoundInfo, RoundConfig> configs;
  private final long chainId;
  private final String registry;
  private final Consumer<AggregationReport> onAggregated;

  /**
   * @param configs the round config of a round (throws if this node does not know it)
   * @param onAggregated told about each aggregation's report (fedavg-vs-exact gap, weights)
   */
  public AdapterAggregator(
      Function<RoundInfo, RoundConfig> configs,
      long chainId,
      String registry,
      Consumer<AggregationReport> onAggregated) {
    this.configs = configs;
    this.chainId = chainId;
    this.registry = registry.toLowerCase(java.util.Locale.ROOT);
    this.onAggregated = onAggregated;
  }

  @Override
  public void validate(RoundInfo round, Address signer, byte[] bytes) {
    AdapterUpdate update;
    try {
      update = SafetensorsCodec.decode(bytes, LIMITS);
    } catch (AdapterException e) {
      throw new InvalidUpdateException(signer, "malformed update file: " + e.getMessage(), e);
    }
    UpdateMetadata m;
    try {
      m = UpdateMetadata.fromEntries(update.metadata());
    } catch (RuntimeException e) {
      throw new InvalidUpdateException(signer, "bad D2ORA metadata: " + e.getMessage(), e);
    }
    List<String> wrong = new ArrayList<>();
    check(wrong, "chain id", chainId, m.chainId());
    check(wrong, "registry", registry, m.registry());
    check(wrong, "round", round.id().value(), m.roundId());
    check(wrong, "base model hash", round.baseModelHash(), m.baseModelHash());
    if (!wrong.isEmpty()) {
      throw new InvalidUpdateException(signer, "update is not for this round: " + wrong, null);
    }
  }

  private static void check(List<String> wrong, String what, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      wrong.add(what + " expected " + expected + " but was " + actual);
    }
  }

  @Override
  public byte[] aggregate(RoundInfo round, List<VerifiedUpdate> orderedBySigner) {
    RoundConfig config = configs.apply(round);
    List<AggregationInput> inputs = new ArrayList<>();
    for (VerifiedUpdate u : orderedBySigner) {
      try {
        AdapterUpdate update = SafetensorsCodec.decode(u.bytes(), LIMITS);
        inputs.add(new AggregationInput(u.signer(), u.bytes(), update, u.hash(), u.numSamples()));
      } catch (AdapterException e) {
        throw new InvalidUpdateException(u.signer(), "cannot decode: " + e.getMessage(), e);
      }
    }
    try {
      AggregateResult result = Aggregation.aggregate(config.strategy(), inputs);
      onAggregated.accept(result.report());
      return result.bytes();
    } catch (AggregationException e) {
      throw new InvalidUpdateException(
          "cannot aggregate round " + round.id() + ": " + e.getMessage());
    }
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
