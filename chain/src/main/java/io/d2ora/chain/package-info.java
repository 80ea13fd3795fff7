/**
 * The registry contract client (v2, accountable rounds): records in, records out; web3j stays
 * inside this module.
 *
 * <h2>Reading</h2>
 *
 * {@link io.d2ora.chain.ChainReader} (no key) = {@link io.d2ora.chain.RegistryViews} at the latest
 * block, plus {@code snapshot()} (latest minus {@link io.d2ora.chain.ChainConfig#confirmations()})
 * and {@code at(block)}: a {@link io.d2ora.chain.RegistrySnapshot} whose every {@code eth_call}
 * names that block, for reads that must agree. Views: {@code round} ({@link
 * io.d2ora.chain.RegistryRound}: deadlines, minStake, sampleCap, quorumBps, status, counts,
 * finalizedProposal, createdBlock, finalizedBlock, aggregateHash, pools), {@code phase}, {@code
 * participants} (join order), {@code participant}/{@code participantRecords} ({@link
 * io.d2ora.chain.RegistryParticipant}: status, slashed, released, reservedStake with joinBlock and
 * joinTime, numSamples, commitBlock and commitTime, updateHash, attestedProposal and attestBlock),
 * {@code commitments}, {@code proposals}/{@code proposal}/{@code proposalIndex} ({@link
 * io.d2ora.chain.RegistryProposal}: proposer, included set ascending, attesters, attestations,
 * quorum, quorumBlock), {@code stakeOf} ({@link io.d2ora.chain.StakeInfo}: staked, reserved, free,
 * unbonding), {@code peer} (unverified {@link io.d2ora.chain.PeerRegistration} with its proof),
 * {@code tokenBalance}, {@code roundCount}. The reader adds {@code limits()} (the contract's
 * constants), {@code reservations(account)}, {@code latestBlock()}, {@code events}, {@code
 * subscribe}. Participant and proposal records hold the facts of the round's own blocks, so a later
 * unstake never changes a verdict.
 *
 * <h2>Values from the chain</h2>
 *
 * Sample counts ({@code uint64}) are {@link java.math.BigInteger}; {@link
 * io.d2ora.chain.Uint64#exact} says whether one fits a {@code long} (one that does not is a rule
 * violation for the caller to judge). Any other value outside its Java type (ids, blocks, times,
 * enum ordinals) fails the read with {@link io.d2ora.chain.ChainDataException}; an event carrying
 * one is dropped with a warning. No read throws {@code ArithmeticException}.
 *
 * <h2>Transactions</h2>
 *
 * {@link io.d2ora.chain.ChainClient}: {@code registerPeer(peerId, multiaddrs, proof)} (proof: the
 * libp2p key's signature over {@link io.d2ora.chain.PeerProof#message}; signing and checking it is
 * the caller's, this module knows no libp2p), {@code stake}, {@code unstake}, {@code withdraw},
 * {@code createRound}, {@code join}, {@code commit(SignedUpdate)}, {@code propose} (returns the
 * proposal index), {@code attest(SignedAttestation)} (relayable; signed with {@link
 * io.d2ora.chain.signing.AttestationSigner}, set hash from {@link io.d2ora.chain.IncludedSet}),
 * {@code settle}, {@code forfeit}, {@code slashUpdateEquivocation}, {@code
 * slashAttestationEquivocation}. Each estimates gas (reverts decoded into {@link
 * io.d2ora.chain.ChainRevertException} before anything is sent), sends one EIP-1559 transaction and
 * returns once it has the configured confirmations. After the send only that transaction is
 * watched: a lost answer never leads to a second transaction, a pending one is re-sent as the same
 * bytes or replaced (same nonce, fees +25%) after {@code feeBumpAfter}, sooner near the deadline
 * the round sets for it.
 */
package io.d2ora.chain;
