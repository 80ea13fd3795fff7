package io.d2ora.chain;

import java.time.Duration;

/**
 * The registry's constants: bounds a round must respect, quorum defaults, penalty shares. Read once
 * from the contract, so defaults shown to a user are the deployed contract's own.
 *
 * @param maxRoundDuration the longest span from creation to the finalize deadline
 * @param evidenceWindow how long after the finalize deadline equivocation evidence is accepted
 * @param forfeitBps share of a silent participant's reservation it forfeits
 * @param equivocationBps share of {@code minStake} an equivocation costs
 * @param reporterBps share of a slash paid to the reporter
 */
public record RegistryLimits(
    int defaultQuorumBps,
    int minQuorumBps,
    int maxQuorumBps,
    long maxSampleCap,
    int maxParticipants,
    Duration minCommitWindow,
    Duration minFinalizeWindow,
    Duration maxFinalizeWindow,
    Duration maxRoundDuration,
    Duration evidenceWindow,
    Duration unbondingDelay,
    int forfeitBps,
    int equivocationBps,
    int reporterBps) {}
