package io.d2ora.app.dashboard;

import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainDataException;
import io.d2ora.chain.ChainException;
import io.d2ora.chain.ChainReader;
import io.d2ora.chain.ChainUnavailableException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The chain as the dashboard reads it: connected on first use (the dashboard starts while the chain
 * is down), dropped after an outage so the next request reconnects. Chain failures become {@link
 * DashboardException}s: 503 when the node does not answer, 502 when it answers nonsense.
 * Thread-safe.
 */
public final class ChainAccess implements AutoCloseable {
  private final Supplier<ChainReader> connect;
  private final String describe;
  private ChainReader reader;

  /**
   * @param connect opens a reader (throws {@link ChainUnavailableException} when the node is down)
   * @param describe the endpoint, for messages (e.g. the RPC URL)
   */
  public ChainAccess(Supplier<ChainReader> connect, String describe) {
    this.connect = connect;
    this.describe = describe;
  }

  /** Runs {@code read} against the chain. */
  public <T> T read(Function<ChainReader, T> read) {
    ChainReader r = reader();
    try {
      return read.apply(r);
    } catch (ChainUnavailableException e) {
      drop(r);
      throw unavailable(e);
    } catch (ChainDataException e) {
      throw new DashboardException(
          502, "The chain answered with data the registry cannot hold: " + e.getMessage(), e);
    } catch (ChainException e) {
      throw new DashboardException(502, "Reading the chain failed: " + e.getMessage(), e);
    }
  }

  public String describe() {
    return describe;
  }

  private synchronized ChainReader reader() {
    if (reader == null) {
      try {
        reader = connect.get();
      } catch (ChainUnavailableException e) {
        throw unavailable(e);
      } catch (ChainConfigException e) {
        throw new DashboardException(
            503, "The chain at " + describe + " is not the one configured: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        // Connecting wraps outages in the command layer's user errors; the page says the same.
        throw new DashboardException(
            503, "Cannot connect to the chain at " + describe + ": " + e.getMessage(), e);
      }
    }
    return reader;
  }

  private synchronized void drop(ChainReader r) {
    if (reader == r) {
      reader = null;
      r.close();
    }
  }

  private DashboardException unavailable(ChainUnavailableException e) {
    return new DashboardException(
        503,
        "The chain at "
            + describe
            + " does not answer ("
            + e.getMessage()
            + "). Pages that need it return once it is back; the learning curves read only the"
            + " data directory.",
        e);
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
