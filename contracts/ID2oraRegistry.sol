// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Types, events and errors of the D2ORA registry (v2: accountable rounds)
/// @notice Everything an off-chain client needs to decode the registry's views, logs and reverts lives here.
interface ID2oraRegistry {
    /// @dev Stored lifecycle of a round; the time-based phase is derived from the deadlines (see `phaseOf`).
    enum RoundStatus {
        None,
        Open, // created; joins, commits, proposals and attestations happen here
        Finalized, // a proposal reached the quorum of attestations
        Settled, // finalized and paid out
        Refunded, // expired without quorum and closed: pool refunded to the creator, stakes released
        Settling // settlement begun and not done: `settle` again works through the next batch of participants
    }

    /// @dev Derived phase: what may happen next in a round at the current block time.
    enum Phase {
        None,
        Joining, // before joinDeadline: join and commit
        Committing, // before commitDeadline, while a participant has not committed: commit
        Finalizing, // before finalizeDeadline (from commitDeadline, or once everyone committed): propose, attest
        Finalized, // quorum reached, not yet settled (attestations for the winner still count until the deadline)
        Expired, // finalize deadline passed without quorum; `settle` refunds and releases
        Settled,
        Refunded
    }

    enum ParticipantStatus {
        None,
        Joined,
        Committed,
        Forfeited // joined, never committed, penalised
    }

    enum Offense {
        UpdateEquivocation, // two different signed updates for one round
        AttestationEquivocation // two different signed attestations for one round
    }

    /// @notice Creation parameters of a round. Deadlines are unix seconds (block timestamps); an action is on time
    ///         while `block.timestamp < deadline`. `quorumBps` 0 means DEFAULT_QUORUM_BPS.
    struct RoundParams {
        bytes32 baseModelHash;
        bytes32 configHash;
        uint64 joinDeadline;
        uint64 commitDeadline;
        uint64 finalizeDeadline;
        uint128 minStake;
        uint16 maxParticipants;
        uint32 sampleCap;
        uint16 quorumBps;
        uint128 rewardPool;
        address aggregator;
    }

    /// @notice A round as the views report it. Nothing here changes after the round's own blocks except status,
    ///         the pools' settlement and the counters of attestations, proposals and forfeits.
    struct Round {
        bytes32 baseModelHash;
        bytes32 configHash;
        address creator;
        address aggregator;
        uint64 joinDeadline;
        uint64 commitDeadline;
        uint64 finalizeDeadline;
        uint128 minStake;
        uint16 maxParticipants;
        uint32 sampleCap;
        uint16 quorumBps;
        RoundStatus status;
        uint16 participantCount;
        /// @dev committed, unslashed participants counted at the first proposal: the quorum's denominator
        uint16 committedCount;
        uint16 proposalCount;
        /// @dev 1-based index of the proposal that reached the quorum, 0 while none has
        uint16 finalizedProposal;
        uint64 createdBlock;
        uint64 finalizedBlock;
        /// @dev aggregate hash of the finalized proposal, zero while none
        bytes32 aggregateHash;
        uint128 rewardPool;
        /// @dev penalties of silent participants: shared by the rewarded participants, or burned
        uint128 forfeitPool;
    }

    /// @notice One participant of one round, with the facts of its own blocks (join, commit, attestation).
    struct Participant {
        ParticipantStatus status;
        bool slashed;
        /// @dev the round's reservation of this participant's stake has been returned (or taken by a slash)
        bool released;
        bool proposed;
        uint16 index;
        uint64 numSamples;
        uint64 commitBlock;
        uint64 commitTime;
        /// @dev 1-based proposal index this participant attested, 0 for none
        uint16 attestedProposal;
        uint64 attestBlock;
        uint128 reservedStake;
        uint64 joinBlock;
        uint64 joinTime;
    }

    /// @notice A proposed result: aggregate hash and included set, with its attestation count.
    struct Proposal {
        bytes32 aggregateHash;
        /// @dev keccak256 of the included addresses, ascending, each left-padded to 32 bytes
        bytes32 includedSetHash;
        address proposer;
        uint64 proposedBlock;
        uint16 attestations;
        /// @dev attestations needed: ceil(quorumBps * committedCount / 10000)
        uint16 quorum;
        /// @dev block in which the attestations reached the quorum (the round's finalization), 0 before
        uint64 quorumBlock;
        uint64 includedSamples;
        /// @dev bit i set = the participant with join index i is included
        uint256 includedBitmap;
    }

    /// @notice `staked` includes `reserved`; free stake = staked - reserved (the only part `unstake` can move).
    struct StakeInfo {
        uint128 staked;
        uint128 reserved;
        uint128 unbonding;
        uint64 unbondingReleaseAt;
    }

    event PeerRegistered(address indexed account, bytes peerId, string[] multiaddrs, bytes proof);
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
        uint32 sampleCap,
        uint16 quorumBps,
        uint128 rewardPool
    );
    event Joined(uint256 indexed roundId, address indexed participant, uint16 index, uint128 reservedStake);
    event UpdateCommitted(uint256 indexed roundId, address indexed signer, bytes32 updateHash, uint64 numSamples);
    event AggregateProposed(
        uint256 indexed roundId,
        uint16 indexed proposalIndex,
        address indexed proposer,
        bytes32 aggregateHash,
        bytes32 includedSetHash,
        address[] included,
        uint64 includedSamples
    );
    event Attested(uint256 indexed roundId, address indexed attester, uint16 indexed proposalIndex, uint16 attestations);
    event RoundFinalized(
        uint256 indexed roundId, uint16 indexed proposalIndex, bytes32 aggregateHash, uint16 attestations
    );
    event RewardPaid(uint256 indexed roundId, address indexed participant, uint256 amount);
    event StakeReleased(uint256 indexed roundId, address indexed participant, uint256 amount);
    event Forfeited(uint256 indexed roundId, address indexed participant, uint256 penalty);
    event RoundSettled(uint256 indexed roundId, uint256 distributed, uint256 refunded, uint256 burned);
    event RoundRefunded(uint256 indexed roundId, uint256 refunded, uint256 burned);
    event Slashed(
        uint256 indexed roundId,
        address indexed offender,
        address indexed reporter,
        Offense offense,
        uint256 amount,
        uint256 bounty
    );

    error ZeroAmount();
    error ZeroAddress();
    error InsufficientStake(uint256 required, uint256 available);
    error NothingToWithdraw();
    error UnbondingNotElapsed(uint64 releaseAt, uint64 nowTime);
    error EmptyPeerId();
    error EmptyPeerProof();
    error PeerIdTooLong(uint256 length, uint256 limit);
    error TooManyMultiaddrs(uint256 count, uint256 limit);
    error MultiaddrTooLong(uint256 position, uint256 length, uint256 limit);
    error PeerProofTooLong(uint256 length, uint256 limit);
    error InvalidDeadlines(uint64 nowTime, uint64 joinDeadline, uint64 commitDeadline, uint64 finalizeDeadline);
    error CommitWindowTooShort(uint64 window, uint64 minimum);
    error FinalizeWindowOutOfRange(uint64 window, uint64 minimum, uint64 maximum);
    error RoundTooLong(uint64 duration, uint64 maximum);
    error ZeroMinStake();
    error InvalidParticipantCap(uint16 maxParticipants, uint16 limit);
    error InvalidSampleCap(uint32 sampleCap, uint32 limit);
    error InvalidQuorum(uint16 quorumBps, uint16 minimum, uint16 maximum);
    error UnknownRound(uint256 roundId);
    error JoinClosed(uint256 roundId, uint64 joinDeadline, uint64 nowTime);
    error RoundFull(uint256 roundId, uint16 maxParticipants);
    error AlreadyJoined(uint256 roundId, address account);
    error NotJoined(uint256 roundId, address account);
    error AlreadyCommitted(uint256 roundId, address signer);
    error CommitClosed(uint256 roundId, uint64 commitDeadline, uint64 nowTime);
    error ZeroSamples();
    error SamplesAboveCap(uint64 numSamples, uint32 sampleCap);
    error InvalidSignature(address signer, address recovered);
    error SignerSlashed(uint256 roundId, address signer);
    error CommitPhaseNotOver(uint256 roundId, uint64 commitDeadline, uint64 nowTime);
    error FinalizeClosed(uint256 roundId, uint64 finalizeDeadline, uint64 nowTime);
    error AlreadyFinalized(uint256 roundId);
    error NotProposer(uint256 roundId, address caller);
    error AlreadyProposed(uint256 roundId, address proposer);
    error EmptyIncludedSet();
    error IncludedNotAscending(uint256 position);
    error NotIncludable(uint256 roundId, address signer);
    error ProposalExists(uint256 roundId, uint16 proposalIndex);
    error UnknownProposal(uint256 roundId, bytes32 aggregateHash, bytes32 includedSetHash);
    error ProposalIndexOutOfRange(uint256 roundId, uint16 proposalIndex, uint16 proposalCount);
    error NotCommitted(uint256 roundId, address account);
    error AlreadyAttested(uint256 roundId, address attester, uint16 proposalIndex);
    error AlreadySettled(uint256 roundId);
    error SettleTooEarly(uint256 roundId, uint64 notBefore, uint64 nowTime);
    error NotForfeitable(uint256 roundId, address participant);
    error NotEquivocation();
    error AlreadySlashed(uint256 roundId, address offender);
    error SelfReport(address reporter);
    error EvidenceExpired(uint256 roundId, uint64 evidenceDeadline, uint64 nowTime);
}
