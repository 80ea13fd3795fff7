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
/// @dev Settlement visits every seat twice: first to forfeit the silent and count the rewarded samples, then to
///      release and pay. A call makes at most SETTLE_BATCH visits, so its gas does not grow with the round; a round of
///      more than SETTLE_BATCH / 2 participants takes several calls (status Settling in between, when nothing but
///      `settle` and slashing evidence is accepted). A participant slashed between two calls after it was counted
///      is not paid: its share stays in the dust.
abstract contract RoundSettlement is RoundStore, StakeLedger {
    /// @dev What every visit of one call reads (a struct keeps it off the stack).
    struct Batch {
        uint16 winner;
        uint256 bitmap;
        uint256 pool;
        uint256 forfeits;
        uint256 rewardSamples;
    }

    /// @notice Settles a finalized round (from its finalize deadline on, or as soon as every counted participant
    ///         attested the winner) or closes an expired one (from its finalize deadline on); a round with many
    ///         participants needs one call per SETTLE_BATCH seat visits, the last one closes it.
    function settle(uint256 roundId) external nonReentrant {
        RoundData storage r = _existingRound(roundId);
        if (r.status == RoundStatus.Open) {
            _begin(roundId, r);
        } else if (r.status != RoundStatus.Settling) {
            revert AlreadySettled(roundId);
        }
        address[] storage list = _participantList[roundId];
        uint256 n = list.length;
        uint256 step = r.settleSteps;
        uint256 end = step + SETTLE_BATCH < 2 * n ? step + SETTLE_BATCH : 2 * n;
        Tally storage tally = _tallies[roundId];
        Batch memory b;
        b.winner = r.finalizedProposal;
        if (b.winner != 0) b.bitmap = _proposalAt(roundId, b.winner).includedBitmap;
        b.rewardSamples = tally.rewardSamples;
        for (; step < end && step < n; ++step) {
            _count(roundId, r, list[step], b);
        }
        tally.rewardSamples = uint64(b.rewardSamples);
        if (step < end) {
            b.pool = r.rewardPool;
            b.forfeits = r.forfeitPool;
            uint256 poolPaid = tally.poolPaid;
            uint256 forfeitPaid = tally.forfeitPaid;
            for (; step < end; ++step) {
                (uint256 fromPool, uint256 fromForfeits) = _releaseAndPay(roundId, list[step - n], b);
                poolPaid += fromPool;
                forfeitPaid += fromForfeits;
            }
            tally.poolPaid = uint128(poolPaid);
            tally.forfeitPaid = uint128(forfeitPaid);
        }
        r.settleSteps = uint16(step);
        if (step == 2 * n) _close(roundId, r, tally);
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

    /// @dev The first call: checks that settlement may begin and records its outcome (the winner, 0 for a refund).
    function _begin(uint256 roundId, RoundData storage r) private {
        uint16 winner = _winner(roundId, r);
        uint64 nowTime = uint64(block.timestamp);
        if (nowTime < r.finalizeDeadline && !(winner != 0 && _allAttested(roundId, r, winner))) {
            revert SettleTooEarly(roundId, r.finalizeDeadline, nowTime);
        }
        r.status = RoundStatus.Settling;
        r.finalizedProposal = winner;
    }

    /// @dev The last call: pays back what no participant earned and records the round closed.
    function _close(uint256 roundId, RoundData storage r, Tally storage tally) private {
        uint256 refund = r.rewardPool - tally.poolPaid;
        uint256 burned = r.forfeitPool - tally.forfeitPaid;
        if (r.finalizedProposal != 0) {
            r.status = RoundStatus.Settled;
            emit RoundSettled(roundId, uint256(tally.poolPaid) + tally.forfeitPaid, refund, burned);
        } else {
            r.status = RoundStatus.Refunded;
            emit RoundRefunded(roundId, refund, burned);
        }
        _transferOut(r.creator, refund);
        _transferOut(BURN_ADDRESS, burned);
    }

    function _allAttested(uint256 roundId, RoundData storage r, uint16 winner) private view returns (bool) {
        return _proposalAt(roundId, winner).attestations == r.committedCount;
    }

    /// @dev First visit: forfeits a silent participant, or counts the samples of a rewarded one.
    function _count(uint256 roundId, RoundData storage r, address account, Batch memory b) private {
        Seat storage seat = _seats[roundId][account];
        if (seat.released) return;
        if (seat.status == ParticipantStatus.Joined) {
            _forfeit(roundId, r, seat, account);
        } else if (_rewarded(seat, b)) {
            b.rewardSamples += seat.numSamples;
        }
    }

    /// @dev Second visit: releases a remaining reservation (committed, unslashed participants) and credits a reward.
    function _releaseAndPay(uint256 roundId, address account, Batch memory b)
        private
        returns (uint256 fromPool, uint256 fromForfeits)
    {
        Seat storage seat = _seats[roundId][account];
        if (seat.released) return (0, 0);
        seat.released = true;
        uint128 reservation = _entries[roundId][account].reservedStake;
        _release(account, reservation, 0);
        emit StakeReleased(roundId, account, reservation);
        if (b.rewardSamples != 0 && _rewarded(seat, b)) {
            fromPool = b.pool * seat.numSamples / b.rewardSamples;
            fromForfeits = b.forfeits * seat.numSamples / b.rewardSamples;
            _credit(account, fromPool + fromForfeits);
            emit RewardPaid(roundId, account, fromPool + fromForfeits);
        }
    }

    /// @dev Included in the winning proposal, attested it, not slashed (a refund has no winner: nobody is).
    function _rewarded(Seat storage seat, Batch memory b) private view returns (bool) {
        return b.winner != 0 && seat.attestedProposal == b.winner && !seat.slashed
            && (b.bitmap >> seat.index) & 1 == 1;
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
