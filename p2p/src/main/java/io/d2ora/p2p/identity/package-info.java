/**
 * Peer identities (https://github.com/libp2p/specs/blob/master/peer-ids/peer-ids.md): Ed25519
 * (default) and secp256k1 keys, their deterministic protobuf encoding, peer IDs derived from it,
 * and key files. Signatures: Ed25519 per RFC 8032; secp256k1 ECDSA over SHA-256, DER-encoded,
 * always low-S.
 */
package io.d2ora.p2p.identity;
