// Shared deployment and signing helpers for the registry tests (imported, defines no tests itself).
import { network } from "hardhat";

export const { ethers, networkHelpers } = await network.getOrCreate();
export const { time, loadFixture } = networkHelpers;

export const UNBONDING = 3600n;
export const MIN_STAKE = ethers.parseEther("100");
export const POOL = ethers.parseEther("30");
export const BASE = ethers.id("base model");
export const CONFIG = ethers.id("training config");
export const UPDATE_TYPES = {
  Update: [
    { name: "roundId", type: "uint256" },
    { name: "updateHash", type: "bytes32" },
    { name: "numSamples", type: "uint64" },
    { name: "baseModelHash", type: "bytes32" },
  ],
};

/** Token + registry; every named account holds 1000 tokens and has approved the registry. */
export async function deployRegistry() {
  const [owner, alice, bob, carol, dave, relayer, aggregator, outsider] = await ethers.getSigners();
  const token = await ethers.deployContract("D2oraStakeToken", [owner.address]);
  const registry = await ethers.deployContract("D2oraRegistry", [await token.getAddress(), UNBONDING]);
  for (const account of [owner, alice, bob, carol, dave, outsider]) {
    await token.mint(account.address, ethers.parseEther("1000"));
    await token.connect(account).approve(await registry.getAddress(), ethers.MaxUint256);
  }
  return { token, registry, owner, alice, bob, carol, dave, relayer, aggregator, outsider };
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

/** Each account stakes MIN_STAKE and joins round `id`. */
export async function stakeAndJoin(ctx, id, accounts) {
  for (const account of accounts) {
    await ctx.registry.connect(account).stake(MIN_STAKE);
    await ctx.registry.connect(account).join(id);
  }
}

export async function signUpdate(ctx, signer, roundId, updateHash, numSamples, overrides = {}) {
  const { baseModelHash = BASE, ...domainOverrides } = overrides;
  const domain = {
    name: "D2ORA",
    version: "1",
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await ctx.registry.getAddress(),
    ...domainOverrides,
  };
  const value = { roundId, updateHash, numSamples, baseModelHash };
  return signer.signTypedData(domain, UPDATE_TYPES, value);
}

/** Signs and submits a commitment from `signer` itself. */
export async function commitUpdate(ctx, signer, roundId, updateHash, numSamples) {
  const signature = await signUpdate(ctx, signer, roundId, updateHash, numSamples);
  return ctx.registry.connect(signer).commit(roundId, updateHash, numSamples, signer.address, signature);
}

export const sortAddresses = (...signers) =>
  signers.map((s) => s.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
