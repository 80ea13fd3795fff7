// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {RoundStore} from "./RoundStore.sol";

/// @title What a verifier reads: rounds, participants, proposals and attestations as of the round's own blocks
/// @notice Nothing here reads an account's current stake: what a participant reserved, when it joined, committed
///         and attested, and which proposal won are recorded per round, so a later unstake changes none of it.
abstract contract RoundViews is RoundStore {
    function getRound(uint256 roundId) external view returns (Round memory v) {
        RoundData storage r = _rounds[roundId];
        v.baseModelHash = r.baseModelHash;
        v.configHash = r.configHash;
        v.creator = r.creator;
        v.aggregator = r.aggregator;
        v.joinDeadline = r.joinDeadline;
        v.commitDeadline = r.commitDeadline;
        v.finalizeDeadline = r.finalizeDeadline;
        v.minStake = r.minStake;
        v.maxParticipants = r.maxParticipants;
        v.sampleCap = r.sampleCap;
        v.quorumBps = r.quorumBps;
        uint16 winner = _winner(roundId, r);
        v.status = r.status == RoundStatus.Open && winner != 0 ? RoundStatus.Finalized : r.status;
        v.participantCount = r.participantCount;
        v.committedCount = r.committedCount;
        v.proposalCount = r.proposalCount;
        v.finalizedProposal = winner;
        v.createdBlock = r.createdBlock;
        if (winner != 0) {
            ProposalData storage p = _proposalAt(roundId, winner);
            v.finalizedBlock = p.quorumBlock;
            v.aggregateHash = p.aggregateHash;
        }
        v.rewardPool = r.rewardPool;
        v.forfeitPool = r.forfeitPool;
    }

    function phaseOf(uint256 roundId) external view returns (Phase) {
        RoundData storage r = _rounds[roundId];
        RoundStatus status = r.status;
        if (status == RoundStatus.None) return Phase.None;
        if (status == RoundStatus.Settled) return Phase.Settled;
        if (status == RoundStatus.Refunded) return Phase.Refunded;
        if (_winner(roundId, r) != 0) return Phase.Finalized;
        if (block.timestamp < r.joinDeadline) return Phase.Joining;
        if (block.timestamp < r.commitDeadline && !_everyoneCommitted(roundId, r)) return Phase.Committing;
        if (block.timestamp < r.finalizeDeadline) return Phase.Finalizing;
        return Phase.Expired;
    }

    /// @notice Participants in join order: a participant's `index` is its position here, and bit i of a proposal's
    ///         `includedBitmap` stands for the participant at position i.
    function getParticipants(uint256 roundId) external view returns (address[] memory) {
        return _participantList[roundId];
    }

    function getParticipant(uint256 roundId, address account) external view returns (Participant memory v) {
        Seat storage seat = _seats[roundId][account];
        Entry storage entry = _entries[roundId][account];
        v.status = seat.status;
        v.slashed = seat.slashed;
        v.released = seat.released;
        v.proposed = seat.proposed;
        v.index = seat.index;
        v.numSamples = seat.numSamples;
        v.commitBlock = seat.commitBlock;
        v.commitTime = seat.commitTime;
        v.attestedProposal = seat.attestedProposal;
        v.attestBlock = seat.attestBlock;
        v.reservedStake = entry.reservedStake;
        v.joinBlock = entry.joinBlock;
        v.joinTime = entry.joinTime;
    }

    /// @notice The committed update hash of `signer`, or zero when it has not committed.
    function getUpdateHash(uint256 roundId, address signer) external view returns (bytes32) {
        if (_seats[roundId][signer].status != ParticipantStatus.Committed) return bytes32(0);
        return _updateHashes[roundId][signer];
    }

    /// @notice The 1-based `proposalIndex`-th proposal of a round.
    function getProposal(uint256 roundId, uint16 proposalIndex) external view returns (Proposal memory v) {
        ProposalData storage p = _checkedProposal(roundId, proposalIndex);
        v.aggregateHash = p.aggregateHash;
        v.includedSetHash = p.includedSetHash;
        v.proposer = p.proposer;
        v.proposedBlock = p.proposedBlock;
        v.attestations = p.attestations;
        v.quorum = p.quorum;
        v.quorumBlock = p.quorumBlock;
        v.includedSamples = p.includedSamples;
        v.includedBitmap = p.includedBitmap;
    }

    /// @notice Index of the proposal (aggregateHash, includedSetHash) in `roundId`, 0 when nobody proposed it.
    function proposalIndexOf(uint256 roundId, bytes32 aggregateHash, bytes32 includedSetHash)
        external
        view
        returns (uint16)
    {
        return _proposals[roundId][_proposalKey(aggregateHash, includedSetHash)].index;
    }

    /// @notice keccak256 of `included` as the contract hashes it: each address left-padded to 32 bytes, concatenated
    ///         in the given order (pass them ascending). Equals the EIP-712 encoding of an address[].
    function hashIncludedSet(address[] calldata included) external pure returns (bytes32) {
        return keccak256(abi.encodePacked(included));
    }

    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The EIP-712 digest a signer signs for an update; lets clients check their encoding.
    function updateDigest(uint256 roundId, bytes32 updateHash, uint64 numSamples, bytes32 baseModelHash)
        external
        view
        returns (bytes32)
    {
        return _updateDigest(roundId, updateHash, numSamples, baseModelHash);
    }

    /// @notice The EIP-712 digest an attester signs; lets clients check their encoding.
    function attestationDigest(uint256 roundId, bytes32 aggregateHash, bytes32 includedSetHash)
        external
        view
        returns (bytes32)
    {
        return _attestationDigest(roundId, aggregateHash, includedSetHash);
    }

    function _checkedProposal(uint256 roundId, uint16 proposalIndex) private view returns (ProposalData storage) {
        uint16 count = _rounds[roundId].proposalCount;
        if (proposalIndex == 0 || proposalIndex > count) revert ProposalIndexOutOfRange(roundId, proposalIndex, count);
        return _proposalAt(roundId, proposalIndex);
    }
}
