package io.d2ora.p2p.pubsub;

/**
 * The outcome of a publish.
 *
 * @param id the message id
 * @param peers how many peers the message was sent to directly
 */
public record PublishResult(MessageId id, int peers) {}
