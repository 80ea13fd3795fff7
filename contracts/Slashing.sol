// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {RoundStore} from "./RoundStore.sol";
import {StakeLedger} from "./StakeLedger.sol";

/// @title Slashing of provable equivocation: two signed updates, or two signed attestations, for one round
/// @notice Anyone but the offender reports, until EVIDENCE_WINDOW after the round's finalize deadline. The penalty
///         (EQUIVOCATION_BPS of the round's minimum stake) comes out of the round's reservation while it is held,
///         else out of free stake and then unbonding stake (never out of stake other rounds reserved). The reporter
///         gets REPORTER_BPS of what was taken; the rest is burned, so reporting oneself through a second account
///         costs 90% of the stake instead of releasing it early.
abstract contract Slashing is RoundStore, StakeLedger {
    function slashUpdateEquivocation(
        uint256 roundId,
        address signer,
        bytes32[2] calldata updateHashes,
        uint64[2] calldata numSamples,
        bytes calldata signatureA,
        bytes calldata signatureB
    ) external nonReentrant {
        RoundData storage r = _existingRound(roundId);
        if (updateHashes[0] == updateHashes[1] && numSamples[0] == numSamples[1]) revert NotEquivocation();
        bytes32 base = r.baseModelHash;
        _requireSignedBy(_updateDigest(roundId, updateHashes[0], numSamples[0], base), signer, signatureA);
        _requireSignedBy(_updateDigest(roundId, updateHashes[1], numSamples[1], base), signer, signatureB);
        _slash(roundId, r, signer, Offense.UpdateEquivocation);
    }

    function slashAttestationEquivocation(
        uint256 roundId,
        address attester,
        bytes32[2] calldata aggregateHashes,
        bytes32[2] calldata includedSetHashes,
        bytes calldata signatureA,
        bytes calldata signatureB
    ) external nonReentrant {
        RoundData storage r = _existingRound(roundId);
        if (aggregateHashes[0] == aggregateHashes[1] && includedSetHashes[0] == includedSetHashes[1]) {
            revert NotEquivocation();
        }
        _requireSignedBy(_attestationDigest(roundId, aggregateHashes[0], includedSetHashes[0]), attester, signatureA);
        _requireSignedBy(_attestationDigest(roundId, aggregateHashes[1], includedSetHashes[1]), attester, signatureB);
        _slash(roundId, r, attester, Offense.AttestationEquivocation);
    }

    /// @notice Last moment (exclusive) at which equivocation evidence for `roundId` is accepted.
    function evidenceDeadline(uint256 roundId) public view returns (uint64) {
        return _existingRound(roundId).finalizeDeadline + EVIDENCE_WINDOW;
    }

    function _slash(uint256 roundId, RoundData storage r, address offender, Offense offense) private {
        if (msg.sender == offender) revert SelfReport(msg.sender);
        uint64 deadline = r.finalizeDeadline + EVIDENCE_WINDOW;
        if (block.timestamp >= deadline) revert EvidenceExpired(roundId, deadline, uint64(block.timestamp));
        Seat storage seat = _seats[roundId][offender];
        if (seat.status == ParticipantStatus.None) revert NotJoined(roundId, offender);
        if (seat.slashed) revert AlreadySlashed(roundId, offender);
        seat.slashed = true;
        uint256 penalty = uint256(r.minStake) * EQUIVOCATION_BPS / BPS;
        uint256 amount;
        if (!seat.released) {
            uint128 reservation = _entries[roundId][offender].reservedStake;
            amount = penalty < reservation ? penalty : reservation;
            seat.released = true;
            _release(offender, reservation, uint128(amount));
            _withdrawAttestation(roundId, seat);
        } else {
            amount = _takeUnreserved(offender, penalty);
        }
        uint256 bounty = amount * REPORTER_BPS / BPS;
        emit Slashed(roundId, offender, msg.sender, offense, amount, bounty);
        _transferOut(msg.sender, bounty);
        _transferOut(BURN_ADDRESS, amount - bounty);
    }

    /// @dev A proven equivocator's attestation stops counting towards a quorum not yet reached.
    function _withdrawAttestation(uint256 roundId, Seat storage seat) private {
        uint16 attested = seat.attestedProposal;
        if (attested == 0) return;
        ProposalData storage proposal = _proposalAt(roundId, attested);
        if (proposal.quorumBlock == 0) proposal.attestations -= 1;
    }
}
