package io.d2ora.core.round;

import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The peer-to-peer network as a round sees it: announcements over gossip and update bytes by hash
 * over a request/response protocol. node/app implements it over libp2p (gossipsub and {@code
 * /d2ora/update/1.0.0}); tests use an in-memory network. Every implementation passes {@code
 * AbstractUpdateExchangeTest}.
 *
 * <p><b>Serving.</b> An implementation is constructed with an {@link UpdateSource} (the node's
 * content store) and answers other peers' fetches from it, for as long as it runs.
 *
 * <p><b>Trust.</b> The exchange moves bytes; it does not know the ledger and does not verify what
 * it fetches against commitments. The round logic does, and reports offenders with {@link
 * #penalize}; the exchange turns that into peer scores and disconnects.
 *
 * <p><b>Threading.</b> Methods are thread-safe and never block on the network: {@link #announce}
 * queues, {@link #fetch} returns a future. Futures complete on the exchange's threads; callers must
 * not block those threads in dependent stages.
 */
public interface UpdateExchange {
  /** How other peers know this node. */
  PeerRef self();

  /**
   * Publishes {@code announcement} to the peers of the network (not delivered back to this node's
   * own listeners).
   *
   * @throws ExchangeUnavailableException if the exchange is stopped
   */
  void announce(UpdateAnnouncement announcement);

  /** Delivers announcements from other peers until the subscription is closed. */
  Subscription subscribe(AnnouncementListener listener);

  /**
   * Fetches the bytes named {@code hash}: first from {@code providers} (peers that announced them),
   * in order, then from any connected peer.
   *
   * @param maxBytes the largest answer to accept; a peer offering more is not read further
   * @return a future completing with the first answer a peer gave (unverified; its hash may
   *     differ), or exceptionally with {@link UpdateUnavailableException} when no peer served it,
   *     or {@link ExchangeUnavailableException} when the exchange is stopped
   */
  CompletableFuture<FetchedUpdate> fetch(ContentHash hash, List<PeerRef> providers, long maxBytes);

  /**
   * Records an offence by {@code peer}. After a {@link Offence#HASH_MISMATCH} or {@link
   * Offence#INVALID_UPDATE} this exchange no longer fetches from that peer (it is scored down and
   * dropped). Unknown or disconnected peers are ignored. Never throws for a well-formed call.
   */
  void penalize(PeerRef peer, Offence offence, String detail);
}
