// The attacks of issue 11, each played by a hostile party against registry v2. Every one of them succeeded against
// registry v1 (commit 663ccaf): the comment above each test says how, and what the victim lost there.
import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  roundParams,
  createRound,
  stakeAndJoin,
  signUpdate,
  commitUpdate,
  committedRound,
  sortAddresses,
  attestTo,
  MIN_STAKE,
  POOL,
  BURN,
  Status,
} from "./fixture.js";
import { libp2pIdentity, proofFor, nodeAccepts } from "./peers.js";

const GARBAGE = ethers.id("garbage aggregate");
const HONEST = ethers.id("honest aggregate");
const YEAR = 365n * 86_400n;

describe("D2oraRegistry: the attacks of issue 11", function () {
  // v1: `finalize` took any hash and any subset from the aggregator and `settle` paid at once, so the aggregator
  // finalized garbage over its sybil and the sybil took the whole pool; the honest participants got nothing.
  it("attack 1: an aggregator and its sybil cannot finalize garbage; the honest majority's result wins and is paid", async function () {
    const ctx = await loadFixture(deployRegistry);
    const sybil = ctx.dave;
    const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol, sybil]);
    const id = round.id;
    await ctx.registry.connect(ctx.aggregator).propose(id, GARBAGE, [sybil.address]);
    await attestTo(ctx, sybil, id, GARBAGE, [sybil.address]);
    expect((await ctx.registry.getRound(id)).status).to.equal(Status.Open);
    await expect(ctx.registry.connect(ctx.aggregator).settle(id)).to.be.revertedWithCustomError(
      ctx.registry,
      "SettleTooEarly",
    );
    const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol, sybil);
    await ctx.registry.connect(ctx.alice).propose(id, HONEST, all);
    for (const s of [ctx.alice, ctx.bob, ctx.carol]) await attestTo(ctx, s, id, HONEST, all);
    const r = await ctx.registry.getRound(id);
    expect([r.status, r.aggregateHash]).to.deep.equal([Status.Finalized, HONEST]);
    await time.increaseTo(round.params.finalizeDeadline);
    const tx = ctx.registry.settle(id);
    for (const s of [ctx.alice, ctx.bob, ctx.carol]) {
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(id, s.address, POOL / 3n);
    }
    await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(id, POOL, 0n, 0n);
    expect((await ctx.registry.getStake(sybil.address)).staked).to.equal(MIN_STAKE);
  });

  // v1: the same aggregator could also finalize an empty set; with the honest offline nothing stopped it.
  it("attack 1b: without an honest quorum the garbage round expires; the creator gets its pool back, the sybil nothing", async function () {
    const ctx = await loadFixture(deployRegistry);
    const sybil = ctx.dave;
    const round = await committedRound(ctx, [ctx.alice, ctx.bob, sybil]);
    await expect(ctx.registry.connect(ctx.aggregator).propose(round.id, GARBAGE, [])).to.be.revertedWithCustomError(
      ctx.registry,
      "EmptyIncludedSet",
    );
    await ctx.registry.connect(ctx.aggregator).propose(round.id, GARBAGE, [sybil.address]);
    await attestTo(ctx, sybil, round.id, GARBAGE, [sybil.address]);
    await time.increaseTo(round.params.finalizeDeadline);
    const tx = ctx.registry.connect(ctx.alice).settle(round.id);
    await expect(tx).to.emit(ctx.registry, "RoundRefunded").withArgs(round.id, POOL, 0n);
    await expect(tx).to.changeTokenBalances(ethers, ctx.token, [ctx.owner, sybil], [POOL, 0n]);
    for (const s of [ctx.alice, ctx.bob, sybil]) {
      expect(await ctx.registry.freeStake(s.address)).to.equal(MIN_STAKE);
    }
  });

  // v1: numSamples was self-reported and unbounded; a sybil claiming 1e15 samples took ~100% of the pool (and of the
  // fedavg weight) from honest participants who trained on 1000 samples each.
  it("attack 2: a sybil claiming 1e15 samples is refused; at the cap it earns one honest share, no more", async function () {
    const ctx = await loadFixture(deployRegistry);
    const sybil = ctx.carol;
    const round = await createRound(ctx, { sampleCap: 1000 });
    await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob, sybil]);
    await expect(commitUpdate(ctx, sybil, round.id, ethers.id("sybil"), 10n ** 15n))
      .to.be.revertedWithCustomError(ctx.registry, "SamplesAboveCap")
      .withArgs(10n ** 15n, 1000);
    for (const s of [ctx.alice, ctx.bob, sybil]) await commitUpdate(ctx, s, round.id, ethers.id(s.address), 1000n);
    await time.increaseTo(round.params.commitDeadline);
    const all = sortAddresses(ctx.alice, ctx.bob, sybil);
    await ctx.registry.connect(ctx.aggregator).propose(round.id, HONEST, all);
    for (const s of [ctx.alice, ctx.bob, sybil]) await attestTo(ctx, s, round.id, HONEST, all);
    const tx = ctx.registry.settle(round.id);
    for (const s of [ctx.alice, ctx.bob, sybil]) {
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(round.id, s.address, POOL / 3n);
    }
  });

  // v1: commitDeadline == joinDeadline was accepted (no time to train: every joiner forfeited), any finalize deadline
  // (100 years of locked stake), minimum stake 0, and forfeits of an unrewarded round went to the creator.
  it("attack 3: a hostile creator cannot make a round without time to train, lock stakes for years, or pocket forfeits", async function () {
    const ctx = await loadFixture(deployRegistry);
    const creator = ctx.owner;
    const p = await roundParams(ctx);
    const hostile = ctx.registry.connect(creator);
    await expect(hostile.createRound({ ...p, commitDeadline: p.joinDeadline }))
      .to.be.revertedWithCustomError(ctx.registry, "CommitWindowTooShort")
      .withArgs(0n, 60n);
    await expect(
      hostile.createRound({ ...p, finalizeDeadline: p.commitDeadline + 100n * YEAR }),
    ).to.be.revertedWithCustomError(ctx.registry, "FinalizeWindowOutOfRange");
    await expect(
      hostile.createRound({
        ...p,
        joinDeadline: p.joinDeadline + 100n * YEAR,
        commitDeadline: p.commitDeadline + 100n * YEAR,
        finalizeDeadline: p.finalizeDeadline + 100n * YEAR,
      }),
    ).to.be.revertedWithCustomError(ctx.registry, "RoundTooLong");
    await expect(hostile.createRound({ ...p, minStake: 0n })).to.be.revertedWithCustomError(
      ctx.registry,
      "ZeroMinStake",
    );
    // A legal round that nobody completes: the silent joiners' forfeits are burned, not paid to the creator.
    const round = await createRound(ctx);
    await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob]);
    await time.increaseTo(round.params.finalizeDeadline);
    const forfeits = (2n * MIN_STAKE) / 10n;
    const tx = ctx.registry.settle(round.id);
    await expect(tx).to.emit(ctx.registry, "RoundRefunded").withArgs(round.id, POOL, forfeits);
    await expect(tx).to.changeTokenBalances(ethers, ctx.token, [creator, BURN], [POOL, forfeits]);
  });

  // v1: the reporter of an equivocation could be the offender itself and got 50-100% of it, so an old pair of its own
  // signatures pulled the whole stake out at once, past the lock and the unbonding delay; and one minimum stake
  // backed any number of concurrent rounds, so a fault in one cost far less than the stake the others relied on.
  it("attack 4: an equivocator cannot escape its stake by reporting itself, and its stake backs one round only", async function () {
    const ctx = await loadFixture(deployRegistry);
    const offender = ctx.alice;
    const accomplice = ctx.outsider;
    const first = await createRound(ctx);
    const second = await createRound(ctx);
    await stakeAndJoin(ctx, first.id, [offender]);
    await expect(ctx.registry.connect(offender).join(second.id))
      .to.be.revertedWithCustomError(ctx.registry, "InsufficientStake")
      .withArgs(MIN_STAKE, 0n);
    await expect(ctx.registry.connect(offender).unstake(1n))
      .to.be.revertedWithCustomError(ctx.registry, "InsufficientStake")
      .withArgs(1n, 0n);
    const [h1, h2] = [ethers.id("one"), ethers.id("two")];
    const args = [
      [h1, h2],
      [5n, 5n],
      await signUpdate(ctx, offender, first.id, h1, 5n),
      await signUpdate(ctx, offender, first.id, h2, 5n),
    ];
    await expect(ctx.registry.connect(offender).slashUpdateEquivocation(first.id, offender.address, ...args))
      .to.be.revertedWithCustomError(ctx.registry, "SelfReport")
      .withArgs(offender.address);
    // Through an accomplice the pair gets 10% out and burns 90%: a loss, not an early exit.
    const tx = ctx.registry.connect(accomplice).slashUpdateEquivocation(first.id, offender.address, ...args);
    await expect(tx).to.changeTokenBalances(
      ethers,
      ctx.token,
      [accomplice, offender, BURN],
      [MIN_STAKE / 10n, 0n, (MIN_STAKE * 9n) / 10n],
    );
  });

  // v1: `registerPeer` gave a peer ID to whoever registered it first (`PeerIdTaken`), so a squatter who registered a
  // victim's libp2p peer ID made the victim's node fail at every start.
  it("attack 5: a squatter who registers a victim's peer ID first neither blocks the victim nor passes a node's check", async function () {
    const ctx = await loadFixture(deployRegistry);
    const [victim, squatter] = [ctx.alice, ctx.outsider];
    const identity = await libp2pIdentity();
    const peerId = identity.peerId;
    const victimProof = await proofFor(ctx.registry, identity, victim.address);
    // The squatter goes first with a made-up proof, then copies the victim's real proof from the mempool.
    await ctx.registry.connect(squatter).registerPeer(peerId, ["/ip4/6.6.6.6/tcp/1"], "0x" + "11".repeat(64));
    expect(await nodeAccepts(ctx.registry, squatter.address)).to.equal(false);
    await expect(ctx.registry.connect(victim).registerPeer(peerId, ["/ip4/10.0.0.1/tcp/4001"], victimProof))
      .to.emit(ctx.registry, "PeerRegistered")
      .withArgs(victim.address, peerId, ["/ip4/10.0.0.1/tcp/4001"], victimProof);
    await ctx.registry.connect(squatter).registerPeer(peerId, ["/ip4/6.6.6.6/tcp/1"], victimProof);
    expect(await nodeAccepts(ctx.registry, victim.address)).to.equal(true);
    expect(await nodeAccepts(ctx.registry, squatter.address)).to.equal(false);
  });
});
