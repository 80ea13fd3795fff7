// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {PeerDirectory} from "./PeerDirectory.sol";
import {RoundSettlement} from "./RoundSettlement.sol";
import {RoundViews} from "./RoundViews.sol";
import {Slashing} from "./Slashing.sol";
import {StakeLedger} from "./StakeLedger.sol";

/// @title D2ORA registry v2: peers, stake, bounded rounds, signed commitments, accountable finalization
/// @notice A round's result is decided by its participants, not by its aggregator (README "Registry contract"):
///  - Anyone creates a round within the contract's bounds, funding its pool and naming an aggregator.
///  - Joining reserves the round's minimum stake out of free stake until the round settles or expires.
///  - A commitment is the signer's EIP-712 Update(roundId, updateHash, numSamples, baseModelHash), numSamples at most
///    the round's sample cap; anyone (a relayer) may submit it. One per participant, before the commit deadline.
///  - After the commit deadline the aggregator and every committed participant may propose once: an aggregate hash
///    and the included set (ascending addresses, each committed). Committed participants attest a proposal with an
///    EIP-712 Attestation(roundId, aggregateHash, includedSetHash); anyone may submit it. The first proposal whose
///    attestations reach the round's quorum of committed participants wins; none by the finalize deadline: the round
///    expires, the pool goes back to its creator and stakes are released.
///  - Settlement (anyone), forfeits and slashing: RoundSettlement and Slashing.
contract D2oraRegistry is PeerDirectory, RoundSettlement, Slashing, RoundViews {
    constructor(IERC20 token, uint64 unbondingDelaySeconds)
        StakeLedger(token, unbondingDelaySeconds)
        EIP712("D2ORA", "1")
    {}

    /// @notice Creates a round funded with `p.rewardPool` tokens from the caller (who must have approved them).
    function createRound(RoundParams calldata p) external nonReentrant returns (uint256 roundId) {
        uint16 quorumBps = _checkParams(p);
        roundId = ++roundCount;
        RoundData storage r = _rounds[roundId];
        r.baseModelHash = p.baseModelHash;
        r.commitDeadline = p.commitDeadline;
        r.finalizeDeadline = p.finalizeDeadline;
        r.sampleCap = p.sampleCap;
        r.status = RoundStatus.Open;
        r.quorumBps = quorumBps;
        r.joinDeadline = p.joinDeadline;
        r.maxParticipants = p.maxParticipants;
        r.creator = msg.sender;
        r.aggregator = p.aggregator;
        r.createdBlock = uint40(block.number);
        r.configHash = p.configHash;
        r.minStake = p.minStake;
        r.rewardPool = p.rewardPool;
        _emitRoundCreated(roundId, p, quorumBps);
        _transferIn(msg.sender, p.rewardPool);
    }

    /// @notice Joins round `roundId`, reserving its minimum stake out of the caller's free stake.
    function join(uint256 roundId) external {
        RoundData storage r = _existingRound(roundId);
        if (block.timestamp >= r.joinDeadline) revert JoinClosed(roundId, r.joinDeadline, uint64(block.timestamp));
        Seat storage seat = _seats[roundId][msg.sender];
        if (seat.status != ParticipantStatus.None) revert AlreadyJoined(roundId, msg.sender);
        uint16 index = r.participantCount;
        if (index >= r.maxParticipants) revert RoundFull(roundId, r.maxParticipants);
        uint128 reservation = r.minStake;
        _reserve(msg.sender, reservation);
        r.participantCount = index + 1;
        seat.status = ParticipantStatus.Joined;
        seat.index = index;
        _entries[roundId][msg.sender] = Entry(reservation, uint40(block.number), uint40(block.timestamp));
        _participantList[roundId].push(msg.sender);
        // Makes commit rewrite a non-zero slot instead of creating one (README "Gas").
        _updateHashes[roundId][msg.sender] = JOINED_PLACEHOLDER;
        emit Joined(roundId, msg.sender, index, reservation);
    }

    /// @notice Records `signer`'s signed update; callable by the signer or any relayer.
    /// @param signature 65 bytes r || s || v over the EIP-712 digest of Update(roundId, updateHash, numSamples,
    ///        baseModelHash of the round), domain ("D2ORA", "1", chain id, this contract).
    function commit(uint256 roundId, bytes32 updateHash, uint64 numSamples, address signer, bytes calldata signature)
        external
    {
        Seat memory seat = _seats[roundId][signer];
        if (seat.status != ParticipantStatus.Joined) {
            if (seat.status == ParticipantStatus.Committed) revert AlreadyCommitted(roundId, signer);
            revert NotJoined(roundId, signer);
        }
        if (seat.slashed) revert SignerSlashed(roundId, signer);
        if (numSamples == 0) revert ZeroSamples();
        RoundData storage r = _rounds[roundId];
        if (block.timestamp >= r.commitDeadline) {
            revert CommitClosed(roundId, r.commitDeadline, uint64(block.timestamp));
        }
        if (numSamples > r.sampleCap) revert SamplesAboveCap(numSamples, r.sampleCap);
        _requireSignedBy(_updateDigest(roundId, updateHash, numSamples, r.baseModelHash), signer, signature);
        Seat storage stored = _seats[roundId][signer];
        stored.status = ParticipantStatus.Committed;
        stored.numSamples = numSamples;
        stored.commitBlock = uint40(block.number);
        stored.commitTime = uint40(block.timestamp);
        _updateHashes[roundId][signer] = updateHash;
        emit UpdateCommitted(roundId, signer, updateHash, numSamples);
    }

    /// @notice Proposes the round's result: `included` lists the aggregated signers in strictly ascending address
    ///         order (the aggregation order), each committed and unslashed. The aggregator and each committed
    ///         participant may propose once, between the commit and finalize deadlines (or from the moment every
    ///         participant committed, once joining closed), while no proposal has won.
    function propose(uint256 roundId, bytes32 aggregateHash, address[] calldata included)
        external
        returns (uint16 proposalIndex)
    {
        RoundData storage r = _existingRound(roundId);
        uint64 nowTime = uint64(block.timestamp);
        if (nowTime < r.commitDeadline && !_everyoneCommitted(roundId, r)) {
            revert CommitPhaseNotOver(roundId, r.commitDeadline, nowTime);
        }
        if (nowTime >= r.finalizeDeadline) revert FinalizeClosed(roundId, r.finalizeDeadline, nowTime);
        if (_winner(roundId, r) != 0) revert AlreadyFinalized(roundId);
        _claimProposerTurn(roundId, r);
        if (included.length == 0) revert EmptyIncludedSet();
        (uint256 bitmap, uint64 samples) = _includedBitmap(roundId, included);
        bytes32 setHash = keccak256(abi.encodePacked(included));
        proposalIndex = _storeProposal(roundId, r, aggregateHash, setHash, bitmap, samples);
        emit AggregateProposed(roundId, proposalIndex, msg.sender, aggregateHash, setHash, included, samples);
    }

    /// @notice Records `attester`'s signed attestation of the proposal (aggregateHash, includedSetHash); callable by
    ///         the attester or any relayer. One per committed participant and round, before the finalize deadline.
    ///         The proposal that reaches the round's quorum finalizes the round (no other can reach it afterwards);
    ///         attestations of the winner keep counting, for rewards, until the finalize deadline.
    /// @param signature 65 bytes r || s || v over the EIP-712 digest of Attestation(roundId, aggregateHash,
    ///        includedSetHash), same domain as updates.
    function attest(
        uint256 roundId,
        bytes32 aggregateHash,
        bytes32 includedSetHash,
        address attester,
        bytes calldata signature
    ) external {
        Seat memory seat = _seats[roundId][attester];
        if (seat.status != ParticipantStatus.Committed) revert NotCommitted(roundId, attester);
        if (seat.slashed) revert SignerSlashed(roundId, attester);
        if (seat.attestedProposal != 0) revert AlreadyAttested(roundId, attester, seat.attestedProposal);
        ProposalData storage proposal = _proposals[roundId][_proposalKey(aggregateHash, includedSetHash)];
        uint16 index = proposal.index;
        if (index == 0) revert UnknownProposal(roundId, aggregateHash, includedSetHash);
        if (block.timestamp >= proposal.finalizeDeadline) {
            revert FinalizeClosed(roundId, proposal.finalizeDeadline, uint64(block.timestamp));
        }
        _requireSignedBy(_attestationDigest(roundId, aggregateHash, includedSetHash), attester, signature);
        Seat storage stored = _seats[roundId][attester];
        stored.attestedProposal = index;
        stored.attestBlock = uint40(block.number);
        uint16 attestations = proposal.attestations + 1;
        proposal.attestations = attestations;
        emit Attested(roundId, attester, index, attestations);
        if (attestations >= proposal.quorum && proposal.quorumBlock == 0) {
            proposal.quorumBlock = uint40(block.number);
            emit RoundFinalized(roundId, index, aggregateHash, attestations);
        }
    }

    function _checkParams(RoundParams calldata p) private view returns (uint16 quorumBps) {
        uint64 nowTime = uint64(block.timestamp);
        if (p.joinDeadline <= nowTime || p.commitDeadline < p.joinDeadline || p.finalizeDeadline < p.commitDeadline) {
            revert InvalidDeadlines(nowTime, p.joinDeadline, p.commitDeadline, p.finalizeDeadline);
        }
        uint64 commitWindow = p.commitDeadline - p.joinDeadline;
        if (commitWindow < MIN_COMMIT_WINDOW) revert CommitWindowTooShort(commitWindow, MIN_COMMIT_WINDOW);
        uint64 finalizeWindow = p.finalizeDeadline - p.commitDeadline;
        if (finalizeWindow < MIN_FINALIZE_WINDOW || finalizeWindow > MAX_FINALIZE_WINDOW) {
            revert FinalizeWindowOutOfRange(finalizeWindow, MIN_FINALIZE_WINDOW, MAX_FINALIZE_WINDOW);
        }
        uint64 duration = p.finalizeDeadline - nowTime;
        if (duration > MAX_ROUND_DURATION) revert RoundTooLong(duration, MAX_ROUND_DURATION);
        if (p.minStake == 0) revert ZeroMinStake();
        if (p.maxParticipants == 0 || p.maxParticipants > MAX_PARTICIPANTS_LIMIT) {
            revert InvalidParticipantCap(p.maxParticipants, MAX_PARTICIPANTS_LIMIT);
        }
        if (p.sampleCap == 0 || p.sampleCap > MAX_SAMPLE_CAP) revert InvalidSampleCap(p.sampleCap, MAX_SAMPLE_CAP);
        quorumBps = p.quorumBps == 0 ? DEFAULT_QUORUM_BPS : p.quorumBps;
        if (quorumBps < MIN_QUORUM_BPS || quorumBps > MAX_QUORUM_BPS) {
            revert InvalidQuorum(p.quorumBps, MIN_QUORUM_BPS, MAX_QUORUM_BPS);
        }
        if (p.aggregator == address(0)) revert ZeroAddress();
    }

    function _storeProposal(
        uint256 roundId,
        RoundData storage r,
        bytes32 aggregateHash,
        bytes32 setHash,
        uint256 bitmap,
        uint64 samples
    ) private returns (uint16 proposalIndex) {
        bytes32 key = _proposalKey(aggregateHash, setHash);
        ProposalData storage proposal = _proposals[roundId][key];
        if (proposal.index != 0) revert ProposalExists(roundId, proposal.index);
        uint16 committed = r.committedCount;
        if (committed == 0) r.committedCount = committed = _countCommitted(roundId);
        proposalIndex = ++r.proposalCount;
        proposal.index = proposalIndex;
        proposal.quorum = uint16((uint256(r.quorumBps) * committed + BPS - 1) / BPS);
        proposal.finalizeDeadline = r.finalizeDeadline;
        proposal.proposedBlock = uint40(block.number);
        proposal.proposer = msg.sender;
        proposal.includedSamples = samples;
        proposal.aggregateHash = aggregateHash;
        proposal.includedSetHash = setHash;
        proposal.includedBitmap = bitmap;
        _proposalKeys[roundId].push(key);
    }

    /// @dev A committed participant proposes on its own turn, the aggregator (if not a participant) on the round's.
    function _claimProposerTurn(uint256 roundId, RoundData storage r) private {
        Seat storage seat = _seats[roundId][msg.sender];
        if (seat.status == ParticipantStatus.Committed) {
            if (seat.slashed) revert SignerSlashed(roundId, msg.sender);
            if (seat.proposed) revert AlreadyProposed(roundId, msg.sender);
            seat.proposed = true;
        } else if (msg.sender == r.aggregator) {
            if (r.aggregatorProposed) revert AlreadyProposed(roundId, msg.sender);
            r.aggregatorProposed = true;
        } else {
            revert NotProposer(roundId, msg.sender);
        }
    }

    function _includedBitmap(uint256 roundId, address[] calldata included)
        private
        view
        returns (uint256 bitmap, uint64 samples)
    {
        address previous = address(0);
        for (uint256 i = 0; i < included.length; ++i) {
            address signer = included[i];
            if (signer <= previous) revert IncludedNotAscending(i);
            previous = signer;
            Seat storage seat = _seats[roundId][signer];
            if (seat.status != ParticipantStatus.Committed || seat.slashed) revert NotIncludable(roundId, signer);
            bitmap |= uint256(1) << seat.index;
            samples += seat.numSamples;
        }
    }

    /// @dev The quorum's denominator: committed, unslashed participants once commits have closed.
    function _countCommitted(uint256 roundId) private view returns (uint16 count) {
        address[] storage list = _participantList[roundId];
        for (uint256 i = 0; i < list.length; ++i) {
            Seat storage seat = _seats[roundId][list[i]];
            if (seat.status == ParticipantStatus.Committed && !seat.slashed) ++count;
        }
    }

    function _emitRoundCreated(uint256 roundId, RoundParams calldata p, uint16 quorumBps) private {
        emit RoundCreated(
            roundId,
            msg.sender,
            p.aggregator,
            p.baseModelHash,
            p.configHash,
            p.joinDeadline,
            p.commitDeadline,
            p.finalizeDeadline,
            p.minStake,
            p.maxParticipants,
            p.sampleCap,
            quorumBps,
            p.rewardPool
        );
    }
}
