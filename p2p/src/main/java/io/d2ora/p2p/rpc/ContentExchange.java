package io.d2ora.p2p.rpc;

import io.d2ora.p2p.LimitExceededException;
import io.d2ora.p2p.P2PException;
import io.d2ora.p2p.P2PNetwork;
import io.d2ora.p2p.P2PStream;
import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.StreamListener;
import io.d2ora.p2p.StreamResetException;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.stream.LengthPrefixed;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * Serves and fetches content by hash over {@value #PROTOCOL_ID} (wire format in {@link
 * ContentWire}). {@link #fetch} completes only with bytes whose hash equals the requested one; a
 * peer that sends other bytes is reported as misbehaving. Thread-safe.
 */
public final class ContentExchange {
  public static final String PROTOCOL_ID = "/d2ora/update/1.0.0";

  private final P2PNetwork network;
  private final ContentDigest digest;
  private final ContentExchangeConfig config;
  private final ContentServer server;
  private final Queue<Runnable> waitingFetches = new ArrayDeque<>();
  private int activeFetches;

  /**
   * @param executor runs {@link ContentSource#find} (blocking allowed there)
   */
  public ContentExchange(
      P2PNetwork network,
      ContentSource source,
      ContentDigest digest,
      ContentExchangeConfig config,
      Executor executor) {
    this.network = network;
    this.digest = digest;
    this.config = config;
    this.server = new ContentServer(network, source, config, executor);
  }

  /** Registers the handler so peers can fetch from the {@link ContentSource}. */
  public void serve() {
    network.setStreamHandler(PROTOCOL_ID, server::onRequest);
  }

  /** Tells {@code listener} how each request is answered and how many bytes are served. */
  public void addServeListener(ServeListener listener) {
    server.addListener(listener);
  }

  // ---- fetching ----

  /** {@link #fetch(PeerId, byte[], int)} accepting up to {@code maxContentBytes}. */
  public CompletableFuture<byte[]> fetch(PeerId peer, byte[] contentHash) {
    return fetch(peer, contentHash, config.maxContentBytes());
  }

  /**
   * Fetches the content named {@code contentHash} from {@code peer} (connected or with a known
   * address). Waits in a queue while {@code maxConcurrentFetches} fetches are running. Memory grows
   * with the bytes that arrive, never with the size the peer declares.
   *
   * @param maxBytes the largest content this caller accepts (at most {@code maxContentBytes}); a
   *     peer declaring more is not read further
   * @return the verified content; fails with {@link ContentUnavailableException} (not found, busy,
   *     larger than {@code maxBytes}), {@link ProtocolViolationException} (larger than {@code
   *     maxContentBytes}, truncated or wrong bytes: the peer is reported), {@link
   *     TimeoutException}, or another {@link P2PException}
   */
  public CompletableFuture<byte[]> fetch(PeerId peer, byte[] contentHash, int maxBytes) {
    if (contentHash.length == 0 || contentHash.length > ContentWire.MAX_HASH_BYTES) {
      throw new IllegalArgumentException(
          "hash must be 1.." + ContentWire.MAX_HASH_BYTES + " bytes, got " + contentHash.length);
    }
    if (maxBytes < 0 || maxBytes > config.maxContentBytes()) {
      throw new IllegalArgumentException(
          "maxBytes must be 0.." + config.maxContentBytes() + ", got " + maxBytes);
    }
    byte[] wanted = contentHash.clone();
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Runnable start =
        () ->
            startFetch(peer, wanted, maxBytes)
                .whenComplete(
                    (bytes, error) -> {
                      fetchFinished();
                      if (error != null) {
                        result.completeExceptionally(unwrap(error));
                      } else {
                        result.complete(bytes);
                      }
                    });
    synchronized (waitingFetches) {
      if (activeFetches < config.maxConcurrentFetches()) {
        activeFetches++;
      } else {
        if (waitingFetches.size() >= 1024) {
          return CompletableFuture.failedFuture(
              new LimitExceededException("more than 1024 content fetches queued"));
        }
        waitingFetches.add(start);
        return result;
      }
    }
    start.run();
    return result;
  }

  private void fetchFinished() {
    Runnable next;
    synchronized (waitingFetches) {
      next = waitingFetches.poll();
      if (next == null) {
        activeFetches--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private CompletableFuture<byte[]> startFetch(PeerId peer, byte[] wanted, int maxBytes) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    network
        .openStream(peer, PROTOCOL_ID)
        .whenComplete(
            (stream, error) -> {
              if (error != null) {
                result.completeExceptionally(unwrap(error));
                return;
              }
              result.whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      stream.reset();
                    }
                  });
              stream.setListener(new ResponseListener(stream, wanted, maxBytes, result));
              stream.write(LengthPrefixed.frame(wanted));
              stream.closeWrite();
            });
    return result.orTimeout(
        config.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private final class ResponseListener implements StreamListener {
    private final P2PStream stream;
    private final byte[] wanted;
    private final CompletableFuture<byte[]> result;
    private final ContentWire.ResponseReader reader;

    ResponseListener(
        P2PStream stream, byte[] wanted, int maxBytes, CompletableFuture<byte[]> result) {
      this.stream = stream;
      this.wanted = wanted;
      this.result = result;
      this.reader = new ContentWire.ResponseReader(config.maxContentBytes(), maxBytes);
    }

    @Override
    public void onData(byte[] data) {
      if (result.isDone()) {
        return;
      }
      try {
        reader.feed(data);
      } catch (ProtocolViolationException e) {
        misbehaved(e);
      } catch (ContentUnavailableException e) {
        result.completeExceptionally(
            new ContentUnavailableException("peer " + stream.remotePeer() + " " + e.getMessage()));
      }
    }

    @Override
    public void onRemoteClose() {
      if (result.isDone()) {
        return;
      }
      switch (reader.status()) {
        case ContentWire.NOT_FOUND -> result.completeExceptionally(unavailable("does not have"));
        case ContentWire.BUSY -> result.completeExceptionally(unavailable("is busy serving"));
        case ContentWire.BAD_REQUEST ->
            result.completeExceptionally(new P2PException("peer rejected the request"));
        default -> verify(reader.complete());
      }
    }

    private void verify(byte[] content) {
      if (content == null) {
        misbehaved(new ProtocolViolationException("content response truncated"));
      } else if (!Arrays.equals(digest.digest(content), wanted)) {
        misbehaved(new ProtocolViolationException("content bytes do not match the requested hash"));
      } else {
        result.complete(content);
      }
    }

    private ContentUnavailableException unavailable(String what) {
      return new ContentUnavailableException(
          "peer " + stream.remotePeer() + " " + what + " " + HexFormat.of().formatHex(wanted));
    }

    private void misbehaved(ProtocolViolationException e) {
      network.reportMisbehavior(stream.remotePeer(), PROTOCOL_ID, e.getMessage());
      result.completeExceptionally(e);
    }

    @Override
    public void onReset(StreamResetException cause) {
      result.completeExceptionally(cause);
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** Requests being served (for tests and metrics). */
  public int serving() {
    return server.serving();
  }

  /** Fetches in flight (for tests and metrics). */
  public int activeFetches() {
    synchronized (waitingFetches) {
      return activeFetches;
    }
  }
}
