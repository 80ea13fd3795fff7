package io.d2ora.core.round;

/**
 * Receives announcements from {@link UpdateExchange#subscribe}. Called on the exchange's thread
 * (possibly a network event loop): must return at once, without blocking or calling back into the
 * exchange; the round runner only queues them.
 */
@FunctionalInterface
public interface AnnouncementListener {
  /**
   * @param announcement what was announced (unverified)
   * @param from the peer that published it (gossip's author field, not a relay): the first peer to
   *     ask for the bytes
   */
  void onAnnouncement(UpdateAnnouncement announcement, PeerRef from);
}
