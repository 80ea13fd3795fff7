package io.d2ora.p2p.pubsub;

import io.d2ora.p2p.identity.PeerId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Topic-based publish/subscribe over a libp2p network (gossipsub v1.1, floodsub fallback).
 *
 * <h2>Order of calls</h2>
 *
 * Create with {@link GossipSub#attach}; {@link #subscribe} to the topics of interest (peers learn
 * of it immediately and mesh with us at the next heartbeat); {@link #publish}; {@link #close} when
 * done (it does not stop the network).
 *
 * <h2>Threading</h2>
 *
 * All methods are thread-safe. Validators and listeners are called on the pubsub thread, one
 * message at a time: they must not block; a validator that needs I/O returns an incomplete future.
 *
 * <h2>Messages</h2>
 *
 * Every message is signed (StrictSign); unsigned, badly signed or rejected messages are dropped and
 * their senders penalised. A message is delivered at most once per node (seen-cache), never to its
 * own author, and only after the topic's validator accepted it.
 */
public interface PubSub extends AutoCloseable {

  /**
   * Subscribes to {@code topic}. Messages that pass signature checks go to {@code validator};
   * accepted ones to {@code listener}, then on to the mesh.
   *
   * @throws IllegalStateException if already subscribed to {@code topic}
   */
  void subscribe(String topic, Validator validator, MessageListener listener);

  /**
   * Leaves {@code topic} (PRUNE to the mesh, unsubscription announced); no-op if not subscribed.
   */
  void unsubscribe(String topic);

  /**
   * Signs and sends {@code data} on {@code topic} (we need not be subscribed).
   *
   * @return completes with the message id and the number of peers it was sent to (0 when nobody is
   *     known on the topic: the message is still cached and gossiped to peers that join later)
   * @throws IllegalArgumentException if the message would exceed the RPC frame limit
   */
  CompletableFuture<PublishResult> publish(String topic, byte[] data);

  /** Peers known to be subscribed to {@code topic}. */
  Set<PeerId> peers(String topic);

  /** Our mesh peers for {@code topic} (empty if not subscribed). */
  Set<PeerId> meshPeers(String topic);

  /** Topics we are subscribed to. */
  Set<String> topics();

  /** Stops the heartbeat and closes pubsub streams; idempotent. The network keeps running. */
  @Override
  void close();
}
