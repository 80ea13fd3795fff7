package io.d2ora.p2p.noise;

import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PublicKey;
import java.util.List;

/**
 * The outcome of a completed handshake: one cipher state per direction and the authenticated remote
 * identity.
 *
 * @param sender encrypts what we send
 * @param receiver decrypts what we receive
 * @param remoteKey the remote identity key, whose signature over the static key was verified
 * @param remoteMuxers stream muxers the remote offered in its payload extensions
 */
public record NoiseSession(
    CipherState sender, CipherState receiver, PublicKey remoteKey, List<String> remoteMuxers) {
  public PeerId remotePeer() {
    return remoteKey.peerId();
  }
}
