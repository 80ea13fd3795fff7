package io.d2ora.p2p;

/**
 * Serves inbound streams of one protocol. Called on the connection's event loop once
 * multistream-select agreed on the protocol; typically sets a {@link StreamListener} or hands the
 * stream to a worker that uses its input stream. Must not block. An exception resets the stream.
 */
@FunctionalInterface
public interface StreamHandler {
  void handle(P2PStream stream);
}
