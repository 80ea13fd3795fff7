package io.d2ora.app.metrics;

import io.d2ora.core.round.AnnouncementListener;
import io.d2ora.core.round.FetchedUpdate;
import io.d2ora.core.round.Offence;
import io.d2ora.core.round.PeerRef;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.round.UpdateAnnouncement;
import io.d2ora.core.round.UpdateExchange;
import io.d2ora.core.round.UpdateUnavailableException;
import io.d2ora.core.store.ContentHash;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An {@link UpdateExchange} that counts what the round fetches (by result, and bytes) and rejects
 * (by {@link Offence}) into {@link NodeMetrics}, and otherwise does what {@code delegate} does.
 */
final class MeteredUpdateExchange implements UpdateExchange {
  private final UpdateExchange delegate;
  private final NodeMetrics metrics;

  MeteredUpdateExchange(UpdateExchange delegate, NodeMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public PeerRef self() {
    return delegate.self();
  }

  @Override
  public void announce(UpdateAnnouncement announcement) {
    delegate.announce(announcement);
  }

  @Override
  public Subscription subscribe(AnnouncementListener listener) {
    return delegate.subscribe(listener);
  }

  @Override
  public CompletableFuture<FetchedUpdate> fetch(
      ContentHash hash, List<PeerRef> providers, long maxBytes) {
    return delegate
        .fetch(hash, providers, maxBytes)
        .whenComplete(
            (fetched, error) -> {
              if (error == null) {
                metrics.updateFetched(fetched.bytes().length);
              } else {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                metrics.fetchFailed(cause instanceof UpdateUnavailableException);
              }
            });
  }

  @Override
  public void penalize(PeerRef peer, Offence offence, String detail) {
    metrics.updateRejected(offence);
    delegate.penalize(peer, offence, detail);
  }
}
