package io.d2ora.chain.web3j;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * A transaction's fees: EIP-1559 ({@code maxFeePerGas}, {@code maxPriorityFeePerGas}) on a chain
 * with a base fee, the legacy {@code gasPrice} otherwise ({@code maxFee} then holds it and {@code
 * tip} is null).
 *
 * <p>The tip is the median of the 50th-percentile rewards of the last {@link #HISTORY_BLOCKS}
 * blocks ({@code eth_feeHistory}), or the node's {@code eth_maxPriorityFeePerGas} when those blocks
 * paid none; the fee cap is twice the next block's base fee plus the tip, which stays valid through
 * six full blocks of base-fee increases.
 */
record Fees(BigInteger maxFee, BigInteger tip) {
  static final int HISTORY_BLOCKS = 5;
  private static final BigInteger TWO = BigInteger.TWO;

  boolean eip1559() {
    return tip != null;
  }

  static Fees current(Web3j web3j, String operation) {
    var history =
        TransactionSender.call(
            operation,
            () ->
                web3j
                    .ethFeeHistory(HISTORY_BLOCKS, DefaultBlockParameterName.LATEST, List.of(50.0))
                    .send());
    List<BigInteger> baseFees =
        history.hasError() || history.getFeeHistory() == null
            ? List.of()
            : history.getFeeHistory().getBaseFeePerGas();
    if (baseFees == null || baseFees.isEmpty() || baseFees.getLast().signum() == 0) {
      BigInteger gasPrice =
          TransactionSender.call(operation, () -> web3j.ethGasPrice().send()).getGasPrice();
      return new Fees(gasPrice, null);
    }
    BigInteger tip = medianReward(history.getFeeHistory().getReward());
    if (tip.signum() == 0) {
      var suggested =
          TransactionSender.call(operation, () -> web3j.ethMaxPriorityFeePerGas().send());
      tip = suggested.hasError() ? BigInteger.ONE : suggested.getMaxPriorityFeePerGas();
    }
    return new Fees(baseFees.getLast().multiply(TWO).add(tip), tip);
  }

  private static BigInteger medianReward(List<List<BigInteger>> rewards) {
    if (rewards == null) {
      return BigInteger.ZERO;
    }
    List<BigInteger> paid =
        rewards.stream()
            .filter(r -> r != null && !r.isEmpty())
            .map(List::getFirst)
            .filter(Objects::nonNull)
            .filter(r -> r.signum() > 0)
            .sorted()
            .toList();
    return paid.isEmpty() ? BigInteger.ZERO : paid.get(paid.size() / 2);
  }

  /**
   * Fees for a replacement: both raised by {@code percent} (nodes accept a replacement only when
   * both rise by at least 10%), and never below {@code current}.
   */
  Fees bumped(int percent, Fees current) {
    BigInteger factor = BigInteger.valueOf(100 + percent);
    BigInteger hundred = BigInteger.valueOf(100);
    BigInteger newMax = maxFee.multiply(factor).divide(hundred).add(BigInteger.ONE);
    if (!eip1559()) {
      return new Fees(newMax.max(current.maxFee), null);
    }
    BigInteger newTip = tip.multiply(factor).divide(hundred).add(BigInteger.ONE);
    if (current.eip1559()) {
      newTip = newTip.max(current.tip);
      newMax = newMax.max(current.maxFee.subtract(current.tip).add(newTip));
    }
    return new Fees(newMax.max(newTip), newTip);
  }
}
