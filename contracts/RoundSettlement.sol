// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {RoundStore} from "./RoundStore.sol";
import {StakeLedger} from "./StakeLedger.sol";

/// @title Closing a round: rewards, refunds, forfeits of silent participants, release of reserved stake
/// @notice Anyone may settle. A finalized round pays its pool plus the silent participants' forfeits pro rata to
///         the sample counts of the participants who are in the winning proposal's included set, attested it and were
///         not slashed; rounding dust of the pool goes back to the creator, of the forfeits to the burn address. An
///         expired round (no quorum by the finalize deadline) refunds the pool to the creator and burns the forfeits:
///         forfeits never reach the creator. Either way every remaining reservation is released exactly once.
abstract contract RoundSettlement is RoundStore, StakeLedger {
    /// @dev Running totals of one settlement (a struct keeps them off the stack).
    struct Tally {
        uint256 pool;
        uint256 forfeits;
        uint256 rewardSamples;
        uint256 poolPaid;
        uint256 forfeitPaid;
        uint256 bitmap;
        uint16 winner;
    }

    /// @notice Settles a finalized round (from its finalize deadline on, or as soon as every counted participant
    ///         attested the winner) or closes an expired one (from its finalize deadline on).
    function settle(uint256 roundId) external nonReentrant {
        RoundData storage r = _existingRound(roundId);
        if (r.status != RoundStatus.Open) revert AlreadySettled(roundId);
        Tally memory t;
        t.winner = _winner(roundId, r);
        uint64 nowTime = uint64(block.timestamp);
        if (nowTime < r.finalizeDeadline && !(t.winner != 0 && _allAttested(roundId, r, t.winner))) {
            revert SettleTooEarly(roundId, r.finalizeDeadline, nowTime);
        }
        if (t.winner != 0) {
            r.status = RoundStatus.Settled;
            r.finalizedProposal = t.winner;
            t.bitmap = _proposalAt(roundId, t.winner).includedBitmap;
        } else {
            r.status = RoundStatus.Refunded;
        }
        address[] storage list = _participantList[roundId];
        _forfeitSilent(roundId, r, list, t);
        t.pool = r.rewardPool;
        t.forfeits = r.forfeitPool;
        _releaseAndPay(roundId, list, t);
        uint256 refund = t.pool - t.poolPaid;
        uint256 burned = t.forfeits - t.forfeitPaid;
        if (t.winner != 0) {
            emit RoundSettled(roundId, t.poolPaid + t.forfeitPaid, refund, burned);
        } else {
            emit RoundRefunded(roundId, refund, burned);
        }
        _transferOut(r.creator, refund);
        _transferOut(BURN_ADDRESS, burned);
    }

    /// @notice Penalises a participant who joined and did not commit, and releases the rest of its reservation at
    ///         once. Anyone may call it after the commit deadline; settlement does it for everyone left.
    function forfeit(uint256 roundId, address participant) external {
        RoundData storage r = _existingRound(roundId);
        if (r.status != RoundStatus.Open) revert AlreadySettled(roundId);
        if (block.timestamp < r.commitDeadline) {
            revert CommitPhaseNotOver(roundId, r.commitDeadline, uint64(block.timestamp));
        }
        Seat storage seat = _seats[roundId][participant];
        if (seat.status != ParticipantStatus.Joined || seat.released) revert NotForfeitable(roundId, participant);
        _forfeit(roundId, r, seat, participant);
    }

    function _allAttested(uint256 roundId, RoundData storage r, uint16 winner) private view returns (bool) {
        return _proposalAt(roundId, winner).attestations == r.committedCount;
    }

    /// @dev First pass: forfeits everyone still silent and sums the sample counts that earn a reward.
    function _forfeitSilent(uint256 roundId, RoundData storage r, address[] storage list, Tally memory t) private {
        for (uint256 i = 0; i < list.length; ++i) {
            address account = list[i];
            Seat storage seat = _seats[roundId][account];
            if (seat.released) continue;
            if (seat.status == ParticipantStatus.Joined) {
                _forfeit(roundId, r, seat, account);
            } else if (_rewarded(seat, t)) {
                t.rewardSamples += seat.numSamples;
            }
        }
    }

    /// @dev Second pass: releases every remaining reservation (committed, unslashed participants) and credits rewards.
    function _releaseAndPay(uint256 roundId, address[] storage list, Tally memory t) private {
        for (uint256 i = 0; i < list.length; ++i) {
            address account = list[i];
            Seat storage seat = _seats[roundId][account];
            if (seat.released) continue;
            seat.released = true;
            uint128 reservation = _entries[roundId][account].reservedStake;
            _release(account, reservation, 0);
            emit StakeReleased(roundId, account, reservation);
            if (t.rewardSamples != 0 && _rewarded(seat, t)) {
                uint256 fromPool = t.pool * seat.numSamples / t.rewardSamples;
                uint256 fromForfeits = t.forfeits * seat.numSamples / t.rewardSamples;
                t.poolPaid += fromPool;
                t.forfeitPaid += fromForfeits;
                _credit(account, fromPool + fromForfeits);
                emit RewardPaid(roundId, account, fromPool + fromForfeits);
            }
        }
    }

    /// @dev Included in the winning proposal, attested it, not slashed (a refund has no winner: nobody is).
    function _rewarded(Seat storage seat, Tally memory t) private view returns (bool) {
        return t.winner != 0 && seat.attestedProposal == t.winner && !seat.slashed
            && (t.bitmap >> seat.index) & 1 == 1;
    }

    function _forfeit(uint256 roundId, RoundData storage r, Seat storage seat, address account) private {
        uint128 reservation = _entries[roundId][account].reservedStake;
        uint128 penalty = uint128(uint256(reservation) * FORFEIT_BPS / BPS);
        seat.status = ParticipantStatus.Forfeited;
        seat.released = true;
        _release(account, reservation, penalty);
        r.forfeitPool += penalty;
        emit Forfeited(roundId, account, penalty);
        emit StakeReleased(roundId, account, reservation - penalty);
    }
}
