// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ID2oraRegistry} from "./ID2oraRegistry.sol";

/// @title Account -> libp2p peer record, with a proof of possession that nodes check
/// @notice The EVM cannot verify an ed25519 signature cheaply, so the registry does not judge who owns a peer ID:
///         it stores, per account, the peer ID, its multiaddrs and the libp2p key's signature over
///         `peerProofMessage(account)`, and emits them. A peer ID is never exclusive to one account (no first-come
///         lock-out): anyone may name any peer ID, and nodes ignore every registration whose proof does not verify
///         against the key in the peer ID. Only the key's holder can produce a proof for a given account, and a proof
///         is bound to chain, registry and account, so copying a victim's proof proves nothing for the copier.
abstract contract PeerDirectory is ID2oraRegistry {
    /// @dev Sizes that fit every libp2p key type (ed25519 peer IDs are 38 bytes, RSA-4096 signatures 512), bounded
    ///      so that a hostile record cannot make the views of a round's peers expensive to read.
    uint256 public constant MAX_PEER_ID_BYTES = 128;
    uint256 public constant MAX_MULTIADDRS = 8;
    uint256 public constant MAX_MULTIADDR_BYTES = 256;
    uint256 public constant MAX_PEER_PROOF_BYTES = 1024;
    /// @dev Prefix of the message the libp2p key signs; domain-separates it from any other use of that key.
    bytes public constant PEER_PROOF_PREFIX = "D2ORA peer registration v1";

    struct PeerRecord {
        bytes peerId;
        string[] multiaddrs;
        bytes proof;
    }

    mapping(address account => PeerRecord) private _peers;

    /// @notice Records the caller's libp2p peer ID (multihash bytes), multiaddrs and proof of possession (the
    ///         libp2p key's signature over `peerProofMessage(msg.sender)`); re-registering replaces the record.
    function registerPeer(bytes calldata peerId, string[] calldata multiaddrs, bytes calldata proof) external {
        if (peerId.length == 0) revert EmptyPeerId();
        if (peerId.length > MAX_PEER_ID_BYTES) revert PeerIdTooLong(peerId.length, MAX_PEER_ID_BYTES);
        if (proof.length == 0) revert EmptyPeerProof();
        if (proof.length > MAX_PEER_PROOF_BYTES) revert PeerProofTooLong(proof.length, MAX_PEER_PROOF_BYTES);
        if (multiaddrs.length > MAX_MULTIADDRS) revert TooManyMultiaddrs(multiaddrs.length, MAX_MULTIADDRS);
        PeerRecord storage record = _peers[msg.sender];
        record.peerId = peerId;
        record.proof = proof;
        string[] storage addrs = record.multiaddrs;
        while (addrs.length != 0) addrs.pop();
        for (uint256 i = 0; i < multiaddrs.length; ++i) {
            uint256 length = bytes(multiaddrs[i]).length;
            if (length > MAX_MULTIADDR_BYTES) revert MultiaddrTooLong(i, length, MAX_MULTIADDR_BYTES);
            addrs.push(multiaddrs[i]);
        }
        emit PeerRegistered(msg.sender, peerId, multiaddrs, proof);
    }

    /// @notice The caller-supplied record of `account`; empty when it never registered. Check `proof` before use.
    function getPeer(address account)
        external
        view
        returns (bytes memory peerId, string[] memory multiaddrs, bytes memory proof)
    {
        PeerRecord storage record = _peers[account];
        return (record.peerId, record.multiaddrs, record.proof);
    }

    /// @notice The exact bytes the libp2p key signs for `account`: PEER_PROOF_PREFIX (26 bytes ASCII) ||
    ///         chain id (32 bytes, big-endian) || this registry (20 bytes) || account (20 bytes).
    function peerProofMessage(address account) public view returns (bytes memory) {
        return abi.encodePacked(PEER_PROOF_PREFIX, block.chainid, address(this), account);
    }
}
