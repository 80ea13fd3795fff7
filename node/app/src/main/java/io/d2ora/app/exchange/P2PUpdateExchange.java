package io.d2ora.app.exchange;

import io.d2ora.core.round.AnnouncementListener;
import io.d2ora.core.round.ExchangeUnavailableException;
import io.d2ora.core.round.FetchedUpdate;
import io.d2ora.core.round.Offence;
import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.round.UpdateSource;
import io.d2ora.core.round.UpdateUnavailableException;
import io.d2ora.core.store.ContentHash;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.pubsub.PubSub;
import io.d2ora.p2p.pubsub.PubSubMessage;
import io.d2ora.p2p.pubsub.ValidationResult;
import io.d2ora.p2p.rpc.ContentExchange;
import io.d2ora.p2p.rpc.ContentExchangeConfig;
import io.d2ora.p2p.rpc.ServeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UpdateExchange} over libp2p: announcements on the gossipsub topic {@link #topic(long)}
 * ({@link AnnouncementCodec}), bytes over {@code /d2ora/update/1.0.0} served from the node's store.
 *
 * <p>Stricter than the port requires: the p2p layer checks every answer's keccak-256 against the
 * requested hash, so bytes that do not match never reach the round logic; the serving peer is
 * reported and banned here (only as a server: a peer penalised for how it reads is still asked,
 * since what it serves is checked), and the fetch moves on to the next peer. Announcements whose
 * author is not the peer the signer registered on chain ({@link PeerBinding}) are rejected (the
 * author is penalised by gossipsub) and never delivered.
 *
 * <p>Bounded against hostile peers: a fetch accepts at most the caller's {@code maxBytes} and
 * allocates as bytes arrive; serving slots are limited per peer and stalling readers are cut off
 * ({@link ContentExchangeConfig}); announcements pass an {@link AnnouncementGate} (per-author
 * allowance, cached chain reads, a bounded check queue).
 *
 * <p>With {@link AnnouncementSigning}, the node's own announcements carry its commitment signature
 * ({@link SignedAnnouncement}); a signed announcement whose signature is not its signer's is
 * rejected like a forgery, and one signing another update than the same signer signed before in the
 * round is reported to the registry as equivocation ({@link EquivocationWatch}).
 */
public final class P2PUpdateExchange implements UpdateExchange, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(P2PUpdateExchange.class);

  private final P2PNetwork network;
  private final PubSub pubsub;
  private final String topic;
  private final PeerBinding binding;
  private final ContentExchange content;
  private final ContentExchangeConfig limits;
  private final AnnouncementGate gate;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("d2ora-exchange").unstarted(r));
  private final List<AnnouncementListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<PeerId> banned = ConcurrentHashMap.newKeySet();
  private final Optional<UpdateSignatures> signatures;
  private final Optional<EquivocationWatch> equivocation;
  private volatile boolean closed;

  /**
   * Registers the update protocol handler and subscribes to the announcement topic.
   *
   * @param network a started network
   * @param pubsub gossipsub attached to {@code network}
   * @param chainId names the topic, so networks of different chains do not mix
   * @param source what this node serves (its content store)
   * @param binding peer-to-address registrations used to authenticate announcements
   * @param limits the content exchange's sizes, timeouts and slots
   */
  public P2PUpdateExchange(
      P2PNetwork network,
      PubSub pubsub,
      long chainId,
      UpdateSource source,
      PeerBinding binding,
      ContentExchangeConfig limits) {
    this(network, pubsub, chainId, source, binding, limits, Optional.empty());
  }

  /**
   * @param signing when present, signs this node's announcements, checks signed ones and reports
   *     equivocation
   */
  public P2PUpdateExchange(
      P2PNetwork network,
      PubSub pubsub,
      long chainId,
      UpdateSource source,
      PeerBinding binding,
      ContentExchangeConfig limits,
      Optional<AnnouncementSigning> signing) {
    this.signatures = signing.map(AnnouncementSigning::signatures);
    this.equivocation = signing.map(x -> new EquivocationWatch(x.signatures(), x.reports()));
    this.network = network;
    this.pubsub = pubsub;
    this.topic = topic(chainId);
    this.binding = binding;
    this.limits = limits;
    this.gate =
        new AnnouncementGate(
            binding,
            (author, reason) -> network.reportMisbehavior(author, topic, reason),
            System::nanoTime);
    this.content =
        new ContentExchange(
            network,
            hash -> source.find(ContentHash.of(hash)),
            content -> ContentHash.keccak256(content).bytes(),
            limits,
            worker);
    content.serve();
    pubsub.subscribe(topic, this::validate, this::deliver);
  }

  /** The announcement topic of a chain. */
  /** Tells {@code listener} what this exchange serves to other peers (for metrics). */
  public void addServeListener(ServeListener listener) {
    content.addServeListener(listener);
  }

  public static String topic(long chainId) {
    return "/d2ora/" + chainId + "/updates/1";
  }

  @Override
  public PeerRef self() {
    return new PeerRef(network.localPeerId().toString());
  }

  @Override
  public void announce(UpdateAnnouncement announcement) {
    if (closed) {
      throw new ExchangeUnavailableException("the exchange is stopped");
    }
    publish(
        signatures.isPresent()
            ? AnnouncementCodec.encode(signatures.get().sign(announcement))
            : AnnouncementCodec.encode(announcement),
        announcement);
  }

  private void publish(byte[] payload, UpdateAnnouncement announcement) {
    pubsub
        .publish(topic, payload)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                LOG.warn("announcing {} failed: {}", announcement, e.toString());
              } else {
                LOG.debug("announced {} to {} peers", announcement, r.peers());
              }
            });
  }

  private CompletionStage<ValidationResult> validate(PubSubMessage m) {
    UpdateAnnouncement a;
    try {
      a = AnnouncementCodec.decode(m.data());
    } catch (AnnouncementCodec.MalformedAnnouncementException e) {
      LOG.info("rejecting a malformed announcement from {}: {}", m.author(), e.getMessage());
      return CompletableFuture.completedFuture(ValidationResult.REJECT);
    }
    CompletionStage<ValidationResult> author =
        binding == PeerBinding.NONE
            ? CompletableFuture.completedFuture(ValidationResult.ACCEPT)
            : gate.judge(a, m);
    if (signatures.isEmpty()) {
      return author;
    }
    return author.thenApplyAsync(v -> v == ValidationResult.ACCEPT ? judgeSignature(m) : v, worker);
  }

  /**
   * ACCEPT for an unsigned announcement or one signed by its signer, REJECT for a signature that is
   * not the signer's, IGNORE when the round cannot be read now.
   */
  private ValidationResult judgeSignature(PubSubMessage m) {
    Optional<SignedAnnouncement> signed = AnnouncementCodec.decodeSigned(m.data());
    if (signed.isEmpty()) {
      return ValidationResult.ACCEPT;
    }
    try {
      if (signatures.orElseThrow().verify(signed.get())) {
        return ValidationResult.ACCEPT;
      }
    } catch (ExchangeUnavailableException e) {
      LOG.info("cannot check the signature of {} now: {}", signed.get(), e.getMessage());
      return ValidationResult.IGNORE;
    }
    LOG.warn("rejecting {} from {}: not its signer's signature", signed.get(), m.author());
    return ValidationResult.REJECT;
  }

  private void deliver(PubSubMessage m) {
    UpdateAnnouncement a = AnnouncementCodec.decode(m.data());
    if (equivocation.isPresent()) {
      AnnouncementCodec.decodeSigned(m.data()).ifPresent(equivocation.get()::observe);
    }
    PeerRef from = new PeerRef(m.author().toString());
    for (AnnouncementListener l : listeners) {
      l.onAnnouncement(a, from);
    }
  }

  @Override
  public Subscription subscribe(AnnouncementListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public CompletableFuture<FetchedUpdate> fetch(
      ContentHash hash, List<PeerRef> providers, long maxBytes) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new ExchangeUnavailableException("the exchange is stopped"));
    }
    List<PeerId> order = new ArrayList<>();
    for (PeerRef p : providers) {
      parse(p).filter(id -> !order.contains(id)).ifPresent(order::add);
    }
    network.connectedPeers().stream().filter(id -> !order.contains(id)).forEach(order::add);
    order.removeIf(banned::contains);
    order.remove(network.localPeerId());
    CompletableFuture<FetchedUpdate> result = new CompletableFuture<>();
    tryNext(hash, order, 0, maxBytes, result, new ArrayList<>());
    return result;
  }

  private void tryNext(
      ContentHash hash,
      List<PeerId> order,
      int index,
      long maxBytes,
      CompletableFuture<FetchedUpdate> result,
      List<String> failures) {
    if (index >= order.size()) {
      result.completeExceptionally(
          new UpdateUnavailableException(
              "no peer served " + hash + " (" + order.size() + " asked: " + failures + ")"));
      return;
    }
    PeerId peer = order.get(index);
    int accepted = (int) Math.min(maxBytes, limits.maxContentBytes());
    content
        .fetch(peer, hash.bytes(), accepted)
        .whenCompleteAsync(
            (bytes, error) -> {
              if (error == null) {
                result.complete(new FetchedUpdate(bytes, new PeerRef(peer.toString())));
                return;
              }
              if (unwrap(error) instanceof ProtocolViolationException) {
                // It served bytes that are not the content (already reported by the p2p layer).
                // A peer penalised only as a reader is still asked: what it serves is checked.
                banned.add(peer);
              }
              failures.add(peer + ": " + error.getMessage());
              tryNext(hash, order, index + 1, maxBytes, result, failures);
            },
            worker);
  }

  @Override
  public void penalize(PeerRef peer, Offence offence, String detail) {
    Optional<PeerId> id = parse(peer);
    if (id.isEmpty()) {
      return;
    }
    LOG.warn("penalising {} for {}: {}", peer, offence, detail);
    network.reportMisbehavior(id.get(), "d2ora/round", offence + ": " + detail);
    if (offence == Offence.HASH_MISMATCH || offence == Offence.INVALID_UPDATE) {
      banned.add(id.get());
      network.disconnect(id.get(), offence.toString());
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static Optional<PeerId> parse(PeerRef ref) {
    try {
      return Optional.of(PeerId.parse(ref.id()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Leaves the topic and stops serving; the network itself is stopped by its owner. */
  @Override
  public void close() {
    closed = true;
    equivocation.ifPresent(EquivocationWatch::close);
    pubsub.unsubscribe(topic);
    network.removeStreamHandler(ContentExchange.PROTOCOL_ID);
    worker.shutdownNow();
    gate.close();
  }

  /** The announcement checks' bounds and counters (for tests and metrics). */
  AnnouncementGate gate() {
    return gate;
  }
}
