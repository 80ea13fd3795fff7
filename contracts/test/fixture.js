// Shared deployment and signing helpers for the registry tests (imported, defines no tests itself).
import { network } from "hardhat";

export const { ethers, networkHelpers } = await network.getOrCreate();
export const { time, loadFixture } = networkHelpers;

export const UNBONDING = 3600n;
export const MIN_STAKE = ethers.parseEther("100");
export const POOL = ethers.parseEther("30");
export const SAMPLE_CAP = 1000;
export const BASE = ethers.id("base model");
export const CONFIG = ethers.id("training config");
export const BURN = "0x000000000000000000000000000000000000dEaD";
export const EVIDENCE_WINDOW = 86_400n;
export const UPDATE_TYPES = {
  Update: [
    { name: "roundId", type: "uint256" },
    { name: "updateHash", type: "bytes32" },
    { name: "numSamples", type: "uint64" },
    { name: "baseModelHash", type: "bytes32" },
  ],
};
export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "roundId", type: "uint256" },
    { name: "aggregateHash", type: "bytes32" },
    { name: "includedSetHash", type: "bytes32" },
  ],
};
// Enum values as the ABI encodes them (ID2oraRegistry.sol).
export const Status = { None: 0n, Open: 1n, Finalized: 2n, Settled: 3n, Refunded: 4n, Settling: 5n };
export const Phase = {
  None: 0n,
  Joining: 1n,
  Committing: 2n,
  Finalizing: 3n,
  Finalized: 4n,
  Expired: 5n,
  Settled: 6n,
  Refunded: 7n,
};
export const Seat = { None: 0n, Joined: 1n, Committed: 2n, Forfeited: 3n };
export const Offense = { UpdateEquivocation: 0n, AttestationEquivocation: 1n };

/**
 * Pins the next block's timestamp to one second after the latest and returns it. After a fixture's snapshot is
 * restored, Hardhat would otherwise stamp the next block with the wall clock, which moved on meanwhile.
 */
export async function pinNextBlockTime() {
  const next = BigInt(await time.latest()) + 1n;
  await time.setNextBlockTimestamp(next);
  return next;
}

/** Token + registry; every named account holds 1000 tokens and has approved the registry. */
export async function deployRegistry() {
  const [owner, alice, bob, carol, dave, relayer, aggregator, outsider, erin, frank] = await ethers.getSigners();
  const token = await ethers.deployContract("D2oraStakeToken", [owner.address]);
  const registry = await ethers.deployContract("D2oraRegistry", [await token.getAddress(), UNBONDING]);
  for (const account of [owner, alice, bob, carol, dave, outsider, aggregator, erin, frank]) {
    await token.mint(account.address, ethers.parseEther("1000"));
    await token.connect(account).approve(await registry.getAddress(), ethers.MaxUint256);
  }
  return { token, registry, owner, alice, bob, carol, dave, relayer, aggregator, outsider, erin, frank };
}

export async function roundParams(ctx, overrides = {}) {
  const now = BigInt(await time.latest());
  return {
    baseModelHash: BASE,
    configHash: CONFIG,
    joinDeadline: now + 100n,
    commitDeadline: now + 200n,
    finalizeDeadline: now + 300n,
    minStake: MIN_STAKE,
    maxParticipants: 4,
    sampleCap: SAMPLE_CAP,
    quorumBps: 0,
    rewardPool: POOL,
    aggregator: ctx.aggregator.address,
    ...overrides,
  };
}

/** Creates a round as `owner`; returns its id and parameters. */
export async function createRound(ctx, overrides = {}) {
  const params = await roundParams(ctx, overrides);
  await ctx.registry.connect(ctx.owner).createRound(params);
  return { id: await ctx.registry.roundCount(), params };
}

/** `count` fresh accounts beyond the signers (for rounds of many participants), each with gas and `stake` staked. */
export async function stakedWallets(ctx, count, stake) {
  const registry = await ctx.registry.getAddress();
  const wallets = [];
  for (let i = 0; i < count; i++) {
    const w = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(w.address, ethers.parseEther("10"));
    await ctx.token.mint(w.address, stake);
    await ctx.token.connect(w).approve(registry, stake);
    await ctx.registry.connect(w).stake(stake);
    wallets.push(w);
  }
  return wallets;
}

/** Each account stakes MIN_STAKE and joins round `id`. */
export async function stakeAndJoin(ctx, id, accounts) {
  for (const account of accounts) {
    await ctx.registry.connect(account).stake(MIN_STAKE);
    await ctx.registry.connect(account).join(id);
  }
}

async function domain(ctx, overrides = {}) {
  return {
    name: "D2ORA",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await ctx.registry.getAddress(),
    ...overrides,
  };
}

export async function signUpdate(ctx, signer, roundId, updateHash, numSamples, overrides = {}) {
  const { baseModelHash = BASE, ...domainOverrides } = overrides;
  const value = { roundId, updateHash, numSamples, baseModelHash };
  return signer.signTypedData(await domain(ctx, domainOverrides), UPDATE_TYPES, value);
}

/** Signs and submits a commitment from `signer` itself. */
export async function commitUpdate(ctx, signer, roundId, updateHash, numSamples) {
  const signature = await signUpdate(ctx, signer, roundId, updateHash, numSamples);
  return ctx.registry.connect(signer).commit(roundId, updateHash, numSamples, signer.address, signature);
}

export const sortAddresses = (...signers) =>
  signers.map((s) => s.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

/** keccak256 of the ascending included addresses, each left-padded to 32 bytes (the contract's includedSetHash). */
export const setHash = (addresses) =>
  ethers.keccak256(ethers.concat(addresses.map((a) => ethers.zeroPadValue(a, 32))));

export async function signAttestation(ctx, signer, roundId, aggregateHash, includedSetHash, domainOverrides = {}) {
  const value = { roundId, aggregateHash, includedSetHash };
  return signer.signTypedData(await domain(ctx, domainOverrides), ATTESTATION_TYPES, value);
}

/** Signs and submits `signer`'s attestation of (aggregate, included) through `via` (the signer by default). */
export async function attestTo(ctx, signer, roundId, aggregate, included, via = signer) {
  const set = setHash(included);
  const signature = await signAttestation(ctx, signer, roundId, aggregate, set);
  return ctx.registry.connect(via).attest(roundId, aggregate, set, signer.address, signature);
}

/**
 * A round with `committers` (each staked, joined and committed with `samples[i]` samples, default 100) and
 * `silent` participants who joined and never committed; time is moved to the commit deadline.
 */
export async function committedRound(ctx, committers, { silent = [], samples = [], ...overrides } = {}) {
  const round = await createRound(ctx, { maxParticipants: committers.length + silent.length, ...overrides });
  await stakeAndJoin(ctx, round.id, [...committers, ...silent]);
  for (const [i, s] of committers.entries()) {
    await commitUpdate(ctx, s, round.id, ethers.id(`update of ${s.address}`), BigInt(samples[i] ?? 100));
  }
  await time.increaseTo(round.params.commitDeadline);
  return round;
}
