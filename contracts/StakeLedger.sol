// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ID2oraRegistry} from "./ID2oraRegistry.sol";

/// @title Stake in an ERC-20: free, reserved by rounds, unbonding
/// @notice `staked` = free + reserved. A round reserves its minimum stake at join and releases it when it settles
///         or expires; only free stake can be unstaked, and unstaked tokens wait `unbondingDelay` before withdrawal.
///         So one stake backs several concurrent rounds only if it covers all of them, and no reserved token ever
///         leaves the registry except by a penalty.
abstract contract StakeLedger is ID2oraRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Where burned tokens go: the registry takes any ERC-20, which need not have a burn function.
    address public constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;

    IERC20 public immutable stakeToken;
    uint64 public immutable unbondingDelay;

    mapping(address account => StakeInfo) private _stakes;

    constructor(IERC20 token, uint64 unbondingDelaySeconds) {
        if (address(token) == address(0)) revert ZeroAddress();
        stakeToken = token;
        unbondingDelay = unbondingDelaySeconds;
    }

    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        StakeInfo storage s = _stakes[msg.sender];
        s.staked += SafeCast.toUint128(amount);
        emit Staked(msg.sender, amount, s.staked);
        stakeToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Moves `amount` of free stake to unbonding; the delay restarts for the whole unbonding balance.
    function unstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        StakeInfo storage s = _stakes[msg.sender];
        uint256 free = s.staked - s.reserved;
        if (amount > free) revert InsufficientStake(amount, free);
        s.staked -= uint128(amount);
        s.unbonding += uint128(amount);
        uint64 releaseAt = uint64(block.timestamp) + unbondingDelay;
        s.unbondingReleaseAt = releaseAt;
        emit UnstakeRequested(msg.sender, amount, s.unbonding, releaseAt);
    }

    function withdraw() external nonReentrant {
        StakeInfo storage s = _stakes[msg.sender];
        uint256 amount = s.unbonding;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < s.unbondingReleaseAt) {
            revert UnbondingNotElapsed(s.unbondingReleaseAt, uint64(block.timestamp));
        }
        s.unbonding = 0;
        emit Withdrawn(msg.sender, amount);
        stakeToken.safeTransfer(msg.sender, amount);
    }

    function getStake(address account) external view returns (StakeInfo memory) {
        return _stakes[account];
    }

    /// @notice Stake that is neither reserved by a round nor unbonding: what `join` and `unstake` may use.
    function freeStake(address account) external view returns (uint256) {
        StakeInfo storage s = _stakes[account];
        return s.staked - s.reserved;
    }

    /// @dev Reserves `amount` of `account`'s free stake for a round.
    function _reserve(address account, uint128 amount) internal {
        StakeInfo storage s = _stakes[account];
        uint256 free = s.staked - s.reserved;
        if (free < amount) revert InsufficientStake(amount, free);
        s.reserved += amount;
    }

    /// @dev Ends a reservation of `reservation`, of which `penalty` (<= reservation) leaves the stake; the rest is
    ///      free again.
    function _release(address account, uint128 reservation, uint128 penalty) internal {
        StakeInfo storage s = _stakes[account];
        s.reserved -= reservation;
        s.staked -= penalty;
    }

    /// @dev Takes up to `amount` from `account`'s free stake, then from its unbonding balance (never from stake that
    ///      other rounds reserved); returns what was taken.
    function _takeUnreserved(address account, uint256 amount) internal returns (uint256 taken) {
        StakeInfo storage s = _stakes[account];
        uint256 free = s.staked - s.reserved;
        uint256 fromFree = amount < free ? amount : free;
        s.staked -= uint128(fromFree);
        uint256 rest = amount - fromFree;
        uint256 fromUnbonding = rest < s.unbonding ? rest : s.unbonding;
        s.unbonding -= uint128(fromUnbonding);
        taken = fromFree + fromUnbonding;
    }

    function _credit(address account, uint256 amount) internal {
        _stakes[account].staked += uint128(amount);
    }

    function _transferOut(address to, uint256 amount) internal {
        if (amount != 0) stakeToken.safeTransfer(to, amount);
    }

    function _transferIn(address from, uint256 amount) internal {
        if (amount != 0) stakeToken.safeTransferFrom(from, address(this), amount);
    }
}
