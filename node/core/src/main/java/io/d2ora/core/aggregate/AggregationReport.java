package io.d2ora.core.aggregate;

import io.d2ora.core.round.Address;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What an aggregation did, for logs and the provenance report (not part of the file).
 *
 * @param strategy the strategy id
 * @param round the round the inputs belong to
 * @param signers signers in aggregation order
 * @param inputs their update hashes, same order
 * @param weights sample weights p_i = n_i / sum n, same order
 * @param fedavgGap per module: ||dW_fedavg - dW_exact||_F / ||dW_exact||_F, where dW_fedavg = s
 *     mean(B) mean(A) and dW_exact = sum_i p_i s B_i A_i; how much FedAvg of the factors loses
 * @param recompressionResidual per module, for {@code exact:R}: ||dW_exact - its rank-R
 *     approximation||_F / ||dW_exact||_F
 */
public record AggregationReport(
    String strategy,
    long round,
    List<Address> signers,
    List<ContentHash> inputs,
    List<Double> weights,
    NavigableMap<String, Double> fedavgGap,
    NavigableMap<String, Double> recompressionResidual) {

  public AggregationReport {
    signers = List.copyOf(signers);
    inputs = List.copyOf(inputs);
    weights = List.copyOf(weights);
    fedavgGap = new TreeMap<>(fedavgGap);
    recompressionResidual = new TreeMap<>(recompressionResidual);
  }

  /**
   * The mean per-module FedAvg gap, 0 when there is none (one input; ffa, whose frozen A makes
   * FedAvg exact): what the round lost by averaging factors instead of products.
   */
  public double meanFedavgGap() {
    return fedavgGap.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** The largest per-module FedAvg gap, 0 when there is none. */
  public double maxFedavgGap() {
    return fedavgGap.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  static AggregationReport of(
      String strategy,
      long round,
      List<AggregationInput> sorted,
      double[] p,
      Map<String, Double> gap,
      Map<String, Double> residual) {
    return new AggregationReport(
        strategy,
        round,
        sorted.stream().map(AggregationInput::signer).toList(),
        sorted.stream().map(AggregationInput::hash).toList(),
        java.util.Arrays.stream(p).boxed().toList(),
        new TreeMap<>(gap),
        new TreeMap<>(residual));
  }
}
