package io.d2ora.app.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The peers a running node is connected to, for the peers page. The standalone dashboard has none
 * ({@link #NONE}): it knows only what peers registered on chain.
 */
@FunctionalInterface
public interface PeerSource {
  PeerSource NONE = Optional::empty;

  /**
   * One connected peer as the node sees it now.
   *
   * @param addresses where it listens (from identify) and the connection's remote address
   * @param state e.g. {@code connected}
   * @param gossipScore its GossipSub score, when the node runs GossipSub scoring
   * @param agent the agent version it announced (peer-provided text)
   */
  record LivePeer(
      String peerId,
      List<String> addresses,
      String state,
      OptionalDouble gossipScore,
      String agent) {}

  /** The connected peers, or empty when this process runs no node. */
  Optional<List<LivePeer>> live();
}
