// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Types, events and errors of the D2ORA registry
/// @notice Everything an off-chain client needs to decode the registry's logs and reverts lives here.
interface ID2oraRegistry {
    /// @dev Stored lifecycle of a round; the time-based phase is derived from the deadlines (see `phaseOf`).
    enum RoundStatus {
        None,
        Open,
        Finalized,
        Settled
    }

    /// @dev Derived phase: what may happen next in a round at the current block time.
    enum Phase {
        None,
        Joining, // before joinDeadline: join and commit
        Committing, // before commitDeadline: commit
        Finalizing, // before finalizeDeadline: the aggregator may finalize
        Finalized, // finalized, not yet settled
        Expired, // finalize deadline passed without finalization
        Settled
    }

    enum ParticipantStatus {
        None,
        Joined,
        Committed,
        Forfeited
    }

    /// @notice Creation parameters of a round. Deadlines are unix seconds (block timestamps); an action is on time
    ///         while `block.timestamp < deadline`.
    struct RoundParams {
        bytes32 baseModelHash;
        bytes32 configHash;
        uint64 joinDeadline;
        uint64 commitDeadline;
        uint64 finalizeDeadline;
        uint128 minStake;
        uint16 maxParticipants;
        uint128 rewardPool;
        address aggregator;
    }

    /// @notice A round as stored. Field order is the storage packing: commit reads the first two slots only.
    struct Round {
        bytes32 baseModelHash;
        uint64 commitDeadline;
        uint64 joinDeadline;
        uint64 finalizeDeadline;
        uint16 maxParticipants;
        uint16 participantCount;
        RoundStatus status;
        address creator;
        uint64 finalizedBlock;
        address aggregator;
        bytes32 configHash;
        bytes32 aggregateHash;
        uint128 minStake;
        uint128 rewardPool;
        uint256 includedSamples;
    }

    /// @notice One participant of one round, packed in one slot.
    struct Participant {
        ParticipantStatus status;
        bool included;
        bool slashed;
        bool disputed;
        uint16 index;
        uint64 numSamples;
        uint64 commitBlock;
    }

    struct StakeInfo {
        uint128 staked;
        uint128 unbonding;
        uint64 unbondingReleaseAt;
        uint32 activeRounds;
    }

    struct Dispute {
        address participant;
        bytes32 claimedHash;
        uint64 blockNumber;
    }

    event PeerRegistered(address indexed account, bytes peerId, string[] multiaddrs);
    event Staked(address indexed account, uint256 amount, uint256 totalStaked);
    event UnstakeRequested(address indexed account, uint256 amount, uint256 unbonding, uint64 releaseAt);
    event Withdrawn(address indexed account, uint256 amount);
    event RoundCreated(
        uint256 indexed roundId,
        address indexed creator,
        address indexed aggregator,
        bytes32 baseModelHash,
        bytes32 configHash,
        uint64 joinDeadline,
        uint64 commitDeadline,
        uint64 finalizeDeadline,
        uint128 minStake,
        uint16 maxParticipants,
        uint128 rewardPool
    );
    event Joined(uint256 indexed roundId, address indexed participant, uint16 index);
    event UpdateCommitted(uint256 indexed roundId, address indexed signer, bytes32 updateHash, uint64 numSamples);
    event RoundFinalized(uint256 indexed roundId, bytes32 aggregateHash, address[] included, uint256 includedSamples);
    event RewardPaid(uint256 indexed roundId, address indexed participant, uint256 amount);
    event RoundSettled(uint256 indexed roundId, uint256 distributed, uint256 refunded);
    event Forfeited(uint256 indexed roundId, address indexed participant, uint256 penalty);
    event EquivocationSlashed(
        uint256 indexed roundId,
        address indexed signer,
        address indexed reporter,
        uint256 slashed,
        uint256 reporterReward
    );
    event Disputed(uint256 indexed roundId, address indexed participant, bytes32 claimedHash, uint256 disputeIndex);

    error ZeroAmount();
    error ZeroAddress();
    error InsufficientStake(uint256 required, uint256 available);
    error StakeLocked(uint32 activeRounds);
    error NothingToWithdraw();
    error UnbondingNotElapsed(uint64 releaseAt, uint64 nowTime);
    error EmptyPeerId();
    error PeerIdTaken(address owner);
    error InvalidDeadlines(uint64 nowTime, uint64 joinDeadline, uint64 commitDeadline, uint64 finalizeDeadline);
    error InvalidParticipantCap(uint16 maxParticipants, uint16 limit);
    error UnknownRound(uint256 roundId);
    error JoinClosed(uint256 roundId, uint64 joinDeadline, uint64 nowTime);
    error RoundFull(uint256 roundId, uint16 maxParticipants);
    error AlreadyJoined(uint256 roundId, address account);
    error NotJoined(uint256 roundId, address account);
    error AlreadyCommitted(uint256 roundId, address signer);
    error CommitClosed(uint256 roundId, uint64 commitDeadline, uint64 nowTime);
    error ZeroSamples();
    error InvalidSignature(address signer, address recovered);
    error SignerSlashed(uint256 roundId, address signer);
    error NotAggregator(address aggregator, address caller);
    error CommitPhaseNotOver(uint256 roundId, uint64 commitDeadline, uint64 nowTime);
    error FinalizeClosed(uint256 roundId, uint64 finalizeDeadline, uint64 nowTime);
    error AlreadyFinalized(uint256 roundId);
    error NotIncludable(uint256 roundId, address signer);
    error IncludedNotAscending(uint256 position);
    error AlreadySettled(uint256 roundId);
    error SettleTooEarly(uint256 roundId, uint64 finalizeDeadline, uint64 nowTime);
    error NotForfeitable(uint256 roundId, address participant);
    error NotEquivocation();
    error AlreadySlashed(uint256 roundId, address signer);
    error NotFinalized(uint256 roundId);
    error NotCommitted(uint256 roundId, address account);
    error AlreadyDisputed(uint256 roundId, address account);
    error DisputeMatchesAggregate(uint256 roundId);
}
