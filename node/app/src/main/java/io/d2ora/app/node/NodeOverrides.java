package io.d2ora.app.node;

import io.d2ora.core.round.LocalTrainer;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.round.UpdateSource;
import java.util.function.UnaryOperator;

/**
 * Decorators applied to a node's trainer, to what it serves, to its round ledger and to the
 * exchange its rounds announce and fetch through, for fault-injection in acceptance tests (a peer
 * whose update is scaled, a peer that serves bytes other than it committed, an aggregator that
 * proposes another result than its own over the real chain, a peer that floods the gossip topic).
 * {@link #NONE} in production.
 *
 * @param trainer wraps the node's local trainer
 * @param served wraps the store the node serves peers from
 * @param ledger wraps the ledger the node's rounds write through (reads and writes reach the chain)
 * @param exchange wraps the exchange the node's rounds use (announcements reach the real gossip)
 */
public record NodeOverrides(
    UnaryOperator<LocalTrainer> trainer,
    UnaryOperator<UpdateSource> served,
    UnaryOperator<RoundLedger> ledger,
    UnaryOperator<UpdateExchange> exchange) {
  public static final NodeOverrides NONE = new NodeOverrides(t -> t, s -> s, l -> l, e -> e);

  public NodeOverrides(UnaryOperator<LocalTrainer> trainer, UnaryOperator<UpdateSource> served) {
    this(trainer, served, l -> l, e -> e);
  }

  public NodeOverrides(
      UnaryOperator<LocalTrainer> trainer,
      UnaryOperator<UpdateSource> served,
      UnaryOperator<RoundLedger> ledger) {
    this(trainer, served, ledger, e -> e);
  }
}
