// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ID2oraRegistry} from "./ID2oraRegistry.sol";

/// @title Round storage, bounds and EIP-712 digests shared by the registry's actions and views
/// @dev Storage structs are packed for the hot paths: commit reads round slots 0-1 and rewrites two participant
///      slots that join already made non-zero; attest rewrites one participant slot and one proposal slot, and reads
///      nothing else. Views widen the packed fields (uint40 blocks and times) to the interface's uint64.
abstract contract RoundStore is ID2oraRegistry, EIP712 {
    /// @notice EIP-712 type of a signed update (DESIGN.md "An update, its hash and its signature").
    bytes32 public constant UPDATE_TYPEHASH =
        keccak256("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)");
    /// @notice EIP-712 type of a participant's attestation that it recomputed `aggregateHash` from the included set.
    bytes32 public constant ATTESTATION_TYPEHASH =
        keccak256("Attestation(uint256 roundId,bytes32 aggregateHash,bytes32 includedSetHash)");

    uint16 public constant MAX_PARTICIPANTS_LIMIT = 256;
    /// @dev Hard ceiling of a round's per-participant sample cap; a round's own cap is usually far lower.
    uint32 public constant MAX_SAMPLE_CAP = 1_000_000_000;
    /// @dev Time to train between the join and commit deadlines, and to recompute and attest before expiry.
    uint64 public constant MIN_COMMIT_WINDOW = 60;
    uint64 public constant MIN_FINALIZE_WINDOW = 60;
    /// @dev Longest a joiner's stake can be held by one round: finalize window, and whole round from creation.
    uint64 public constant MAX_FINALIZE_WINDOW = 7 days;
    uint64 public constant MAX_ROUND_DURATION = 30 days;
    /// @dev Equivocation evidence is accepted until this long after the round's finalize deadline.
    uint64 public constant EVIDENCE_WINDOW = 1 days;
    /// @dev 2/3 rounded down to a basis point, so that exactly 2 of 3 (4 of 6, ...) committed participants reach it.
    uint16 public constant DEFAULT_QUORUM_BPS = 6_666;
    uint16 public constant MIN_QUORUM_BPS = 5_001;
    uint16 public constant MAX_QUORUM_BPS = 10_000;
    /// @dev Seats one `settle` call works through (each seat is visited twice), so that no call grows with the round:
    ///      at most 2.2M gas a call at 256 participants (GasScale.test.js), under a tenth of a 30M block.
    uint256 public constant SETTLE_BATCH = 96;
    uint256 public constant FORFEIT_BPS = 1_000;
    uint256 public constant EQUIVOCATION_BPS = 10_000;
    uint256 public constant REPORTER_BPS = 1_000;
    uint256 internal constant BPS = 10_000;
    bytes32 internal constant JOINED_PLACEHOLDER = bytes32(uint256(1));

    /// @dev A round as stored; the comments name the slot and who reads it.
    struct RoundData {
        bytes32 baseModelHash; // slot 0: commit
        uint64 commitDeadline; // slot 1: commit, propose
        uint64 finalizeDeadline;
        uint32 sampleCap;
        RoundStatus status; // Open until settled: a finalized round's winner is found by `_winner`
        uint16 quorumBps;
        uint16 committedCount;
        uint16 finalizedProposal; // set by settlement
        uint16 settleSteps; // settlement's progress: seats counted (first pass), then seats paid (second pass)
        uint64 joinDeadline; // slot 2: join
        uint16 maxParticipants;
        uint16 participantCount;
        address creator;
        address aggregator; // slot 3: propose
        bool aggregatorProposed;
        uint16 proposalCount;
        uint40 createdBlock;
        bytes32 configHash; // slot 4
        uint128 minStake; // slot 5
        uint128 rewardPool;
        uint128 forfeitPool; // slot 6
    }

    /// @dev A participant's hot slot (join creates it; commit and attest rewrite it).
    struct Seat {
        ParticipantStatus status;
        bool slashed;
        bool released;
        bool proposed;
        uint16 index;
        uint64 numSamples;
        uint40 commitBlock;
        uint40 commitTime;
        uint16 attestedProposal;
        uint40 attestBlock;
    }

    /// @dev Facts of a participant's join, never changed afterwards.
    struct Entry {
        uint128 reservedStake;
        uint40 joinBlock;
        uint40 joinTime;
    }

    /// @dev Slot 0 is all an attestation reads and writes. With a quorum above half of the committed participants
    ///      (each attests at most once) at most one proposal can ever reach it, so finality is recorded here, in the
    ///      proposal that reached it, and the round's status follows from it (see `_winner`).
    struct ProposalData {
        uint16 index; // slot 0: attest
        uint16 attestations;
        uint16 quorum;
        uint64 finalizeDeadline;
        uint40 proposedBlock;
        uint40 quorumBlock;
        address proposer; // slot 1
        uint64 includedSamples;
        bytes32 aggregateHash;
        bytes32 includedSetHash;
        uint256 includedBitmap;
    }

    /// @dev A settlement's running totals, kept between its calls.
    struct Tally {
        uint64 rewardSamples; // slot 0
        uint128 poolPaid;
        uint128 forfeitPaid; // slot 1
    }

    uint256 public roundCount;

    mapping(uint256 roundId => RoundData) internal _rounds;
    mapping(uint256 roundId => address[]) internal _participantList;
    mapping(uint256 roundId => mapping(address account => Seat)) internal _seats;
    mapping(uint256 roundId => mapping(address account => Entry)) internal _entries;
    mapping(uint256 roundId => mapping(address signer => bytes32)) internal _updateHashes;
    mapping(uint256 roundId => mapping(bytes32 proposalKey => ProposalData)) internal _proposals;
    mapping(uint256 roundId => bytes32[]) internal _proposalKeys;
    mapping(uint256 roundId => Tally) internal _tallies;

    function _existingRound(uint256 roundId) internal view returns (RoundData storage r) {
        r = _rounds[roundId];
        if (r.status == RoundStatus.None) revert UnknownRound(roundId);
    }

    /// @dev The 1-based `index`-th proposal of a round.
    function _proposalAt(uint256 roundId, uint16 index) internal view returns (ProposalData storage) {
        return _proposals[roundId][_proposalKeys[roundId][index - 1]];
    }

    /// @dev The proposal that reached the quorum, 0 while none has: recorded at settlement, found before.
    function _winner(uint256 roundId, RoundData storage r) internal view returns (uint16 index) {
        index = r.finalizedProposal;
        if (index != 0) return index;
        bytes32[] storage keys = _proposalKeys[roundId];
        for (uint256 i = 0; i < keys.length; ++i) {
            if (_proposals[roundId][keys[i]].quorumBlock != 0) return uint16(i + 1);
        }
    }

    /// @dev Commits are complete before the commit deadline once joining has closed and every participant committed:
    ///      nobody can join or commit any more, so the round moves on instead of waiting out its commit window.
    function _everyoneCommitted(uint256 roundId, RoundData storage r) internal view returns (bool) {
        if (block.timestamp < r.joinDeadline) return false;
        address[] storage list = _participantList[roundId];
        if (list.length == 0) return false;
        for (uint256 i = 0; i < list.length; ++i) {
            if (_seats[roundId][list[i]].status != ParticipantStatus.Committed) return false;
        }
        return true;
    }

    function _proposalKey(bytes32 aggregateHash, bytes32 includedSetHash) internal pure returns (bytes32) {
        return keccak256(abi.encode(aggregateHash, includedSetHash));
    }

    function _updateDigest(uint256 roundId, bytes32 updateHash, uint64 numSamples, bytes32 baseModelHash)
        internal
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(UPDATE_TYPEHASH, roundId, updateHash, numSamples, baseModelHash)));
    }

    function _attestationDigest(uint256 roundId, bytes32 aggregateHash, bytes32 includedSetHash)
        internal
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(ATTESTATION_TYPEHASH, roundId, aggregateHash, includedSetHash)));
    }

    function _requireSignedBy(bytes32 digest, address signer, bytes calldata signature) internal pure {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != signer) revert InvalidSignature(signer, recovered);
    }
}
