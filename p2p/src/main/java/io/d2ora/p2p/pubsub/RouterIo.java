package io.d2ora.p2p.pubsub;

/**
 * What the router asks of the outside world. {@link GossipSub} implements it over a P2PNetwork;
 * unit tests implement it with in-memory peers. Called on the router thread; must not block.
 */
interface RouterIo {

  /** Queues an RPC on the peer's long-lived outbound pubsub stream. */
  void send(PeerKey peer, Rpc rpc);

  /** Closes the connection to a peer whose score fell below the disconnect threshold. */
  void disconnect(PeerKey peer, String reason);

  /** Best-effort dial of a peer learnt through PRUNE peer exchange. */
  void connect(PeerKey peer);
}
