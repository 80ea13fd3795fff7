package io.d2ora.p2p.pubsub;

/**
 * An application validator's verdict on a message (gossipsub v1.1 "extended validators").
 *
 * <ul>
 *   <li>{@link #ACCEPT}: deliver it locally and forward it to the mesh.
 *   <li>{@link #IGNORE}: drop it silently, no penalty (e.g. stale, or not ours to judge).
 *   <li>{@link #REJECT}: drop it and penalise the peer that sent it (it is provably invalid).
 * </ul>
 */
public enum ValidationResult {
  ACCEPT,
  IGNORE,
  REJECT
}
