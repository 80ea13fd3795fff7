// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ID2oraRegistry} from "./ID2oraRegistry.sol";

/// @title D2ORA registry: peers, stake, rounds, signed update commitments, finalization, rewards and faults
/// @notice Rules (see README "Registry contract"):
///  - Anyone may create a round by funding its reward pool (zero is allowed) and naming its aggregator; the
///    aggregator alone may finalize it, after the commit deadline and before the finalize deadline.
///  - Joining needs `minStake` staked; stake cannot be unstaked while its owner is in a round not yet settled.
///  - A commitment is the signer's EIP-712 signature over Update(roundId, updateHash, numSamples, baseModelHash);
///    anyone (a relayer) may submit it. One per participant, before the commit deadline.
///  - Settlement credits rewards to the participants' stake, pro rata to the sample counts of the included,
///    unslashed commitments; the rounding remainder (or the whole pool when nobody is rewarded, e.g. an expired
///    round) goes back to the creator. Participants who joined and never committed forfeit FORFEIT_BPS of minStake.
///  - Two different signed updates from one participant for one round are slashed by EQUIVOCATION_BPS of minStake;
///    the reporter gets REPORTER_BPS of it, the rest joins the round's reward pool (all to the reporter once the
///    round is settled).
/// @dev Gas: join initialises the participant's commitment slot with a placeholder so that commit only rewrites
///      non-zero slots; the creation cost of that storage is paid by join, which is not on the hot path of a round.
contract D2oraRegistry is ID2oraRegistry, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice EIP-712 type of a signed update (DESIGN.md "An update, its hash and its signature").
    bytes32 public constant UPDATE_TYPEHASH =
        keccak256("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)");
    uint16 public constant MAX_PARTICIPANTS_LIMIT = 256;
    uint256 public constant FORFEIT_BPS = 1_000;
    uint256 public constant EQUIVOCATION_BPS = 10_000;
    uint256 public constant REPORTER_BPS = 5_000;
    uint256 private constant BPS = 10_000;
    bytes32 private constant JOINED_PLACEHOLDER = bytes32(uint256(1));

    IERC20 public immutable stakeToken;
    uint64 public immutable unbondingDelay;
    uint256 public roundCount;

    mapping(address account => StakeInfo) private _stakes;
    mapping(address account => bytes) private _peerIds;
    mapping(address account => string[]) private _peerAddrs;
    mapping(bytes32 peerIdHash => address) private _peerOwners;
    mapping(uint256 roundId => Round) private _rounds;
    mapping(uint256 roundId => address[]) private _participantList;
    mapping(uint256 roundId => mapping(address account => Participant)) private _participants;
    mapping(uint256 roundId => mapping(address signer => bytes32)) private _updateHashes;
    mapping(uint256 roundId => Dispute[]) private _disputes;

    constructor(IERC20 token, uint64 unbondingDelaySeconds) EIP712("D2ORA", "1") {
        if (address(token) == address(0)) revert ZeroAddress();
        stakeToken = token;
        unbondingDelay = unbondingDelaySeconds;
    }

    // ---------------------------------------------------------------- peers

    /// @notice Binds a libp2p peer ID (multihash bytes) and optional multiaddrs to the caller; re-registering replaces.
    function registerPeer(bytes calldata peerId, string[] calldata multiaddrs) external {
        if (peerId.length == 0) revert EmptyPeerId();
        bytes32 key = keccak256(peerId);
        address owner = _peerOwners[key];
        if (owner != address(0) && owner != msg.sender) revert PeerIdTaken(owner);
        bytes memory previous = _peerIds[msg.sender];
        if (previous.length != 0) delete _peerOwners[keccak256(previous)];
        _peerOwners[key] = msg.sender;
        _peerIds[msg.sender] = peerId;
        string[] storage addrs = _peerAddrs[msg.sender];
        while (addrs.length != 0) addrs.pop();
        for (uint256 i = 0; i < multiaddrs.length; ++i) {
            addrs.push(multiaddrs[i]);
        }
        emit PeerRegistered(msg.sender, peerId, multiaddrs);
    }

    // ---------------------------------------------------------------- stake

    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        StakeInfo storage s = _stakes[msg.sender];
        s.staked += uint128(amount);
        emit Staked(msg.sender, amount, s.staked);
        stakeToken.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Moves `amount` from stake to unbonding; the unbonding delay restarts for the whole unbonding balance.
    function unstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        StakeInfo storage s = _stakes[msg.sender];
        if (s.activeRounds != 0) revert StakeLocked(s.activeRounds);
        if (amount > s.staked) revert InsufficientStake(amount, s.staked);
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

    // ---------------------------------------------------------------- rounds

    /// @notice Creates a round funded with `p.rewardPool` tokens from the caller (who must have approved them).
    function createRound(RoundParams calldata p) external nonReentrant returns (uint256 roundId) {
        if (
            p.joinDeadline <= block.timestamp || p.commitDeadline < p.joinDeadline
                || p.finalizeDeadline <= p.commitDeadline
        ) {
            revert InvalidDeadlines(uint64(block.timestamp), p.joinDeadline, p.commitDeadline, p.finalizeDeadline);
        }
        if (p.maxParticipants == 0 || p.maxParticipants > MAX_PARTICIPANTS_LIMIT) {
            revert InvalidParticipantCap(p.maxParticipants, MAX_PARTICIPANTS_LIMIT);
        }
        if (p.aggregator == address(0)) revert ZeroAddress();
        roundId = ++roundCount;
        Round storage r = _rounds[roundId];
        r.baseModelHash = p.baseModelHash;
        r.commitDeadline = p.commitDeadline;
        r.joinDeadline = p.joinDeadline;
        r.finalizeDeadline = p.finalizeDeadline;
        r.maxParticipants = p.maxParticipants;
        r.status = RoundStatus.Open;
        r.creator = msg.sender;
        r.aggregator = p.aggregator;
        r.configHash = p.configHash;
        r.minStake = p.minStake;
        r.rewardPool = p.rewardPool;
        _emitRoundCreated(roundId, p);
        if (p.rewardPool != 0) stakeToken.safeTransferFrom(msg.sender, address(this), p.rewardPool);
    }

    function join(uint256 roundId) external {
        Round storage r = _existingRound(roundId);
        if (block.timestamp >= r.joinDeadline) revert JoinClosed(roundId, r.joinDeadline, uint64(block.timestamp));
        Participant storage p = _participants[roundId][msg.sender];
        if (p.status != ParticipantStatus.None) revert AlreadyJoined(roundId, msg.sender);
        uint16 index = r.participantCount;
        if (index >= r.maxParticipants) revert RoundFull(roundId, r.maxParticipants);
        StakeInfo storage s = _stakes[msg.sender];
        if (s.staked < r.minStake) revert InsufficientStake(r.minStake, s.staked);
        s.activeRounds += 1;
        r.participantCount = index + 1;
        p.status = ParticipantStatus.Joined;
        p.index = index;
        _participantList[roundId].push(msg.sender);
        _updateHashes[roundId][msg.sender] = JOINED_PLACEHOLDER;
        emit Joined(roundId, msg.sender, index);
    }

    /// @notice Records `signer`'s signed update; callable by the signer or any relayer.
    /// @param signature 65 bytes r || s || v over the EIP-712 digest of Update(roundId, updateHash, numSamples,
    ///        baseModelHash of the round), domain ("D2ORA", "1", chain id, this contract).
    function commit(uint256 roundId, bytes32 updateHash, uint64 numSamples, address signer, bytes calldata signature)
        external
    {
        Participant storage p = _participants[roundId][signer];
        Participant memory current = p;
        if (current.status != ParticipantStatus.Joined) {
            if (current.status == ParticipantStatus.Committed) revert AlreadyCommitted(roundId, signer);
            revert NotJoined(roundId, signer);
        }
        if (current.slashed) revert SignerSlashed(roundId, signer);
        if (numSamples == 0) revert ZeroSamples();
        Round storage r = _rounds[roundId];
        if (block.timestamp >= r.commitDeadline) {
            revert CommitClosed(roundId, r.commitDeadline, uint64(block.timestamp));
        }
        _requireSigned(roundId, updateHash, numSamples, r.baseModelHash, signer, signature);
        current.status = ParticipantStatus.Committed;
        current.numSamples = numSamples;
        current.commitBlock = uint64(block.number);
        _participants[roundId][signer] = current;
        _updateHashes[roundId][signer] = updateHash;
        emit UpdateCommitted(roundId, signer, updateHash, numSamples);
    }

    /// @notice Records the round's result: `included` lists the aggregated signers in strictly ascending address
    ///         order (the aggregation order), each with a commitment and unslashed.
    function finalize(uint256 roundId, bytes32 aggregateHash, address[] calldata included) external {
        Round storage r = _existingRound(roundId);
        if (msg.sender != r.aggregator) revert NotAggregator(r.aggregator, msg.sender);
        if (r.status != RoundStatus.Open) revert AlreadyFinalized(roundId);
        if (block.timestamp < r.commitDeadline) {
            revert CommitPhaseNotOver(roundId, r.commitDeadline, uint64(block.timestamp));
        }
        if (block.timestamp >= r.finalizeDeadline) {
            revert FinalizeClosed(roundId, r.finalizeDeadline, uint64(block.timestamp));
        }
        uint256 samples;
        address previous = address(0);
        for (uint256 i = 0; i < included.length; ++i) {
            address signer = included[i];
            if (signer <= previous) revert IncludedNotAscending(i);
            previous = signer;
            Participant storage p = _participants[roundId][signer];
            if (p.status != ParticipantStatus.Committed || p.slashed) revert NotIncludable(roundId, signer);
            p.included = true;
            samples += p.numSamples;
        }
        r.status = RoundStatus.Finalized;
        r.aggregateHash = aggregateHash;
        r.finalizedBlock = uint64(block.number);
        r.includedSamples = samples;
        emit RoundFinalized(roundId, aggregateHash, included, samples);
    }

    /// @notice Pays out a finalized round, or refunds an expired one; forfeits participants who never committed
    ///         and releases every participant's stake lock. Anyone may call it.
    function settle(uint256 roundId) external nonReentrant {
        Round storage r = _existingRound(roundId);
        if (r.status == RoundStatus.Settled) revert AlreadySettled(roundId);
        bool finalized = r.status == RoundStatus.Finalized;
        if (!finalized && block.timestamp < r.finalizeDeadline) {
            revert SettleTooEarly(roundId, r.finalizeDeadline, uint64(block.timestamp));
        }
        r.status = RoundStatus.Settled;
        address[] storage list = _participantList[roundId];
        (uint256 pool, uint256 rewardSamples) = _forfeitAbsent(roundId, r, list, finalized);
        uint256 distributed;
        for (uint256 i = 0; i < list.length; ++i) {
            address account = list[i];
            Participant storage p = _participants[roundId][account];
            if (p.status != ParticipantStatus.Committed) continue;
            if (p.included && !p.slashed && rewardSamples != 0) {
                uint256 reward = pool * p.numSamples / rewardSamples;
                _stakes[account].staked += uint128(reward);
                distributed += reward;
                emit RewardPaid(roundId, account, reward);
            }
            _stakes[account].activeRounds -= 1;
        }
        uint256 refund = pool - distributed;
        r.rewardPool = uint128(pool);
        emit RoundSettled(roundId, distributed, refund);
        if (refund != 0) stakeToken.safeTransfer(r.creator, refund);
    }

    /// @notice Penalises a participant who joined and did not commit by the commit deadline; the penalty joins the
    ///         reward pool. Settlement does this for everyone left, so this is only needed to release early.
    function forfeit(uint256 roundId, address participant) external {
        Round storage r = _existingRound(roundId);
        if (r.status == RoundStatus.Settled) revert AlreadySettled(roundId);
        if (block.timestamp < r.commitDeadline) {
            revert CommitPhaseNotOver(roundId, r.commitDeadline, uint64(block.timestamp));
        }
        Participant storage p = _participants[roundId][participant];
        if (p.status != ParticipantStatus.Joined) revert NotForfeitable(roundId, participant);
        r.rewardPool += uint128(_forfeit(roundId, r, p, participant));
    }

    /// @notice Slashes `signer` for signing two different updates for one round. Anyone may report.
    function slashEquivocation(
        uint256 roundId,
        address signer,
        bytes32[2] calldata updateHashes,
        uint64[2] calldata numSamples,
        bytes calldata signatureA,
        bytes calldata signatureB
    ) external nonReentrant {
        Round storage r = _existingRound(roundId);
        if (updateHashes[0] == updateHashes[1] && numSamples[0] == numSamples[1]) revert NotEquivocation();
        _requireSigned(roundId, updateHashes[0], numSamples[0], r.baseModelHash, signer, signatureA);
        _requireSigned(roundId, updateHashes[1], numSamples[1], r.baseModelHash, signer, signatureB);
        Participant storage p = _participants[roundId][signer];
        if (p.status == ParticipantStatus.None) revert NotJoined(roundId, signer);
        if (p.slashed) revert AlreadySlashed(roundId, signer);
        p.slashed = true;
        uint256 amount = _take(signer, r.minStake * EQUIVOCATION_BPS / BPS);
        uint256 reporterReward = amount;
        if (r.status != RoundStatus.Settled) {
            reporterReward = amount * REPORTER_BPS / BPS;
            r.rewardPool += uint128(amount - reporterReward);
        }
        emit EquivocationSlashed(roundId, signer, msg.sender, amount, reporterReward);
        if (reporterReward != 0) stakeToken.safeTransfer(msg.sender, reporterReward);
    }

    /// @notice Records that the caller, a committed participant, recomputed the round to `claimedHash` instead of
    ///         the finalized aggregate. Resolution is by re-execution off chain.
    function dispute(uint256 roundId, bytes32 claimedHash) external {
        Round storage r = _existingRound(roundId);
        if (r.status != RoundStatus.Finalized && r.status != RoundStatus.Settled) revert NotFinalized(roundId);
        if (claimedHash == r.aggregateHash) revert DisputeMatchesAggregate(roundId);
        Participant storage p = _participants[roundId][msg.sender];
        if (p.status != ParticipantStatus.Committed) revert NotCommitted(roundId, msg.sender);
        if (p.disputed) revert AlreadyDisputed(roundId, msg.sender);
        p.disputed = true;
        Dispute[] storage list = _disputes[roundId];
        list.push(Dispute(msg.sender, claimedHash, uint64(block.number)));
        emit Disputed(roundId, msg.sender, claimedHash, list.length - 1);
    }

    // ---------------------------------------------------------------- views

    function getRound(uint256 roundId) external view returns (Round memory) {
        return _rounds[roundId];
    }

    function phaseOf(uint256 roundId) external view returns (Phase) {
        Round storage r = _rounds[roundId];
        if (r.status == RoundStatus.None) return Phase.None;
        if (r.status == RoundStatus.Settled) return Phase.Settled;
        if (r.status == RoundStatus.Finalized) return Phase.Finalized;
        if (block.timestamp < r.joinDeadline) return Phase.Joining;
        if (block.timestamp < r.commitDeadline) return Phase.Committing;
        if (block.timestamp < r.finalizeDeadline) return Phase.Finalizing;
        return Phase.Expired;
    }

    function getParticipants(uint256 roundId) external view returns (address[] memory) {
        return _participantList[roundId];
    }

    function getParticipant(uint256 roundId, address account) external view returns (Participant memory) {
        return _participants[roundId][account];
    }

    /// @notice The committed update hash of `signer`, or zero when it has not committed.
    function getUpdateHash(uint256 roundId, address signer) external view returns (bytes32) {
        if (_participants[roundId][signer].status != ParticipantStatus.Committed) return bytes32(0);
        return _updateHashes[roundId][signer];
    }

    function getDisputes(uint256 roundId) external view returns (Dispute[] memory) {
        return _disputes[roundId];
    }

    function getStake(address account) external view returns (StakeInfo memory) {
        return _stakes[account];
    }

    function getPeer(address account) external view returns (bytes memory peerId, string[] memory multiaddrs) {
        return (_peerIds[account], _peerAddrs[account]);
    }

    function peerOwner(bytes calldata peerId) external view returns (address) {
        return _peerOwners[keccak256(peerId)];
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
        return _hashTypedDataV4(keccak256(abi.encode(UPDATE_TYPEHASH, roundId, updateHash, numSamples, baseModelHash)));
    }

    // ---------------------------------------------------------------- internals

    function _existingRound(uint256 roundId) private view returns (Round storage r) {
        r = _rounds[roundId];
        if (r.status == RoundStatus.None) revert UnknownRound(roundId);
    }

    function _requireSigned(
        uint256 roundId,
        bytes32 updateHash,
        uint64 numSamples,
        bytes32 baseModelHash,
        address signer,
        bytes calldata signature
    ) private view {
        bytes32 digest =
            _hashTypedDataV4(keccak256(abi.encode(UPDATE_TYPEHASH, roundId, updateHash, numSamples, baseModelHash)));
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != signer) revert InvalidSignature(signer, recovered);
    }

    /// @dev First settlement pass: forfeits absentees into the pool and sums the samples that earn a reward.
    function _forfeitAbsent(uint256 roundId, Round storage r, address[] storage list, bool finalized)
        private
        returns (uint256 pool, uint256 rewardSamples)
    {
        pool = r.rewardPool;
        for (uint256 i = 0; i < list.length; ++i) {
            address account = list[i];
            Participant storage p = _participants[roundId][account];
            if (p.status == ParticipantStatus.Joined) {
                pool += _forfeit(roundId, r, p, account);
            } else if (finalized && p.included && !p.slashed) {
                rewardSamples += p.numSamples;
            }
        }
    }

    function _forfeit(uint256 roundId, Round storage r, Participant storage p, address account)
        private
        returns (uint256 penalty)
    {
        p.status = ParticipantStatus.Forfeited;
        _stakes[account].activeRounds -= 1;
        penalty = _take(account, r.minStake * FORFEIT_BPS / BPS);
        emit Forfeited(roundId, account, penalty);
    }

    /// @dev Removes up to `amount` from `account`'s stake, then from its unbonding balance; returns what was taken.
    function _take(address account, uint256 amount) private returns (uint256 taken) {
        StakeInfo storage s = _stakes[account];
        uint256 fromStake = amount < s.staked ? amount : s.staked;
        s.staked -= uint128(fromStake);
        uint256 rest = amount - fromStake;
        uint256 fromUnbonding = rest < s.unbonding ? rest : s.unbonding;
        s.unbonding -= uint128(fromUnbonding);
        taken = fromStake + fromUnbonding;
    }

    function _emitRoundCreated(uint256 roundId, RoundParams calldata p) private {
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
            p.rewardPool
        );
    }
}
