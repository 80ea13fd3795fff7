package io.d2ora.core.round;

import java.util.Objects;

/**
 * The ports a {@link RoundRunner} drives, wired once per node by node/app (and by tests with
 * in-memory fakes).
 *
 * @param ledger the chain
 * @param exchange the peer-to-peer network
 * @param trainer local training
 * @param validator checks update files fetched from peers
 * @param aggregator deterministic aggregation
 * @param clock time for deadlines and waits
 */
public record RoundPorts(
    RoundLedger ledger,
    UpdateExchange exchange,
    LocalTrainer trainer,
    UpdateValidator validator,
    UpdateAggregator aggregator,
    Clock clock) {

  public RoundPorts {
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(clock, "clock");
  }
}
