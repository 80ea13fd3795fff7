package io.d2ora.app.exchange;

import io.d2ora.core.round.Address;
import io.d2ora.core.round.RoundId;

/** What became of this node's equivocation reports. Called on the reporting thread. */
public interface EquivocationReports {
  /** The registry took the evidence against {@code offender} in transaction {@code tx}. */
  void reported(RoundId round, Address offender, String tx);

  /** The report was refused (another node was first, the window closed) or could not be sent. */
  void notReported(RoundId round, Address offender, String reason);
}
