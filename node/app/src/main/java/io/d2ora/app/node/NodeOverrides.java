package io.d2ora.app.node;

import io.d2ora.core.round.LocalTrainer;
import io.d2ora.core.round.UpdateSource;
import java.util.function.UnaryOperator;

/**
 * Decorators applied to a node's trainer and to what it serves, for fault-injection in acceptance
 * tests (a peer whose update is scaled, a peer that serves bytes other than it committed). {@link
 * #NONE} in production.
 *
 * @param trainer wraps the node's local trainer
 * @param served wraps the store the node serves peers from
 */
public record NodeOverrides(
    UnaryOperator<LocalTrainer> trainer, UnaryOperator<UpdateSource> served) {
  public static final NodeOverrides NONE = new NodeOverrides(t -> t, s -> s);
}
