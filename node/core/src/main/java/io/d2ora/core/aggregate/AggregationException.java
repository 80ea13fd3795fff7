package io.d2ora.core.aggregate;

import io.d2ora.core.InputFaultException;

/**
 * The inputs cannot be aggregated together: they disagree on layout, PEFT config, chain, round or
 * base model, a signer appears twice, or the strategy needs something that is missing (e.g. norm
 * clipping without a start adapter). Inputs are checked against the round's layout on receipt, so
 * at this point the message names the signer whose update differs.
 */
public class AggregationException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public AggregationException(String message) {
    super(message);
  }

  public AggregationException(String message, Throwable cause) {
    super(message, cause);
  }
}
