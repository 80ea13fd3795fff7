package io.d2ora.core.store;

import io.d2ora.core.ExternalFaultException;

/**
 * The node's own data directory failed it: a file could not be written, synced, renamed or read
 * (disk full, permissions, a directory removed underneath). Never caused by a peer; the node
 * reports it and stops the affected work rather than continue without durable state.
 */
public class StoreException extends ExternalFaultException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
