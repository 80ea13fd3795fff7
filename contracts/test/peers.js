// libp2p identities and the node-side check of a peer record, for the registry tests (defines no tests itself).
import { generateKeyPair, publicKeyFromProtobuf } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey, peerIdFromPublicKey } from "@libp2p/peer-id";
import { ethers } from "./fixture.js";

/** A libp2p Ed25519 identity: its peer ID bytes (identity multihash) and its key, for proofs of possession. */
export async function libp2pIdentity() {
  const key = await generateKeyPair("Ed25519");
  return { key, peerId: ethers.hexlify(peerIdFromPrivateKey(key).toMultihash().bytes) };
}

/** The libp2p key's proof of possession for `account`: its signature over the registry's message. */
export async function proofFor(registry, identity, account) {
  const message = ethers.getBytes(await registry.peerProofMessage(account));
  return ethers.hexlify(await identity.key.sign(message));
}

/**
 * What a node does with an account's registration: accept it only if the proof verifies under the public key that
 * the peer ID itself embeds (an Ed25519 peer ID is the identity multihash of the key's protobuf).
 */
export async function nodeAccepts(registry, account) {
  const [peerId, , proof] = await registry.getPeer(account);
  const bytes = ethers.getBytes(peerId);
  if (bytes.length < 2 || bytes[0] !== 0x00 || bytes[1] !== bytes.length - 2) return false;
  const publicKey = publicKeyFromProtobuf(bytes.subarray(2));
  if (ethers.hexlify(peerIdFromPublicKey(publicKey).toMultihash().bytes) !== peerId) return false;
  const message = ethers.getBytes(await registry.peerProofMessage(account));
  return publicKey.verify(message, ethers.getBytes(proof));
}
