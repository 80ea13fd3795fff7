package io.d2ora.p2p.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gossipsub message cache ("mcache", spec section "Message Cache"): the messages of the last
 * {@code length} heartbeats, served on IWANT, of which the ids of the last {@code gossip} windows
 * are advertised in IHAVE. {@link #shift()} runs once per heartbeat. Counts how often each message
 * was served to each peer, to bound IWANT retransmissions. Not thread-safe.
 */
final class MessageCache {
  private record Entry(WireMessage message, Map<PeerKey, Integer> served) {}

  private record Window(List<MessageId> ids, List<String> topics) {}

  private final int gossip;
  private final Map<MessageId, Entry> messages = new HashMap<>();
  private final Deque<Window> windows = new ArrayDeque<>();

  MessageCache(int length, int gossip) {
    if (!(0 < gossip && gossip <= length)) {
      throw new IllegalArgumentException(
          "expected 0 < gossip <= length, got gossip=%d length=%d".formatted(gossip, length));
    }
    this.gossip = gossip;
    for (int i = 0; i < length; i++) {
      windows.addLast(new Window(new ArrayList<>(), new ArrayList<>()));
    }
  }

  void put(MessageId id, WireMessage message) {
    if (messages.putIfAbsent(id, new Entry(message, new HashMap<>())) == null) {
      Window current = windows.peekFirst();
      current.ids().add(id);
      current.topics().add(message.topic());
    }
  }

  boolean contains(MessageId id) {
    return messages.containsKey(id);
  }

  /**
   * The message for an IWANT from {@code peer}, or null when it is not cached or was already served
   * to that peer {@code maxTransmissions} times.
   */
  WireMessage serve(MessageId id, PeerKey peer, int maxTransmissions) {
    Entry entry = messages.get(id);
    if (entry == null) {
      return null;
    }
    int count = entry.served().merge(peer, 1, Integer::sum);
    return count > maxTransmissions ? null : entry.message();
  }

  /** Ids of messages on {@code topic} in the gossip windows, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> ids = new ArrayList<>();
    int seen = 0;
    for (Window window : windows) {
      if (seen++ == gossip) {
        break;
      }
      for (int i = 0; i < window.ids().size(); i++) {
        if (window.topics().get(i).equals(topic)) {
          ids.add(window.ids().get(i));
        }
      }
    }
    return ids;
  }

  /** Ages the cache by one heartbeat: the oldest window's messages are forgotten. */
  void shift() {
    Window oldest = windows.removeLast();
    oldest.ids().forEach(messages::remove);
    windows.addFirst(new Window(new ArrayList<>(), new ArrayList<>()));
  }

  int size() {
    return messages.size();
  }
}
