import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  createRound,
  signUpdate,
  signAttestation,
  setHash,
  MIN_STAKE,
  POOL,
  BURN,
  Status,
  Phase,
  stakedWallets,
} from "./fixture.js";

// A round larger than one settle call: 60 participants (120 seat visits, SETTLE_BATCH 96 a call), 50 of them commit
// (samples 1..50), 10 stay silent; the aggregator proposes over all 50 and every one of them attests. Two calls settle
// it. Attacked: the participants' rewards and stakes, and the creator's refund, if a round could be left half-settled,
// settled twice, or changed between the calls.
const COMMITTERS = 50;
const SILENT = 10;
const AGG = ethers.id("aggregate");
const H1 = ethers.id("update one");
const H2 = ethers.id("update two");

async function largeRound() {
  const ctx = await deployRegistry();
  const wallets = await stakedWallets(ctx, COMMITTERS + SILENT, MIN_STAKE);
  const round = await createRound(ctx, { maxParticipants: wallets.length });
  for (const w of wallets) await ctx.registry.connect(w).join(round.id);
  const committers = wallets.slice(0, COMMITTERS);
  for (const [i, w] of committers.entries()) {
    const signature = await signUpdate(ctx, w, round.id, ethers.id(`update of ${w.address}`), BigInt(i + 1));
    await ctx.registry
      .connect(ctx.relayer)
      .commit(round.id, ethers.id(`update of ${w.address}`), BigInt(i + 1), w.address, signature);
  }
  await time.increaseTo(round.params.commitDeadline);
  const included = committers.map((w) => w.address).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  await ctx.registry.connect(ctx.aggregator).propose(round.id, AGG, included);
  const set = setHash(included);
  for (const w of committers) {
    const signature = await signAttestation(ctx, w, round.id, AGG, set);
    await ctx.registry.connect(ctx.relayer).attest(round.id, AGG, set, w.address, signature);
  }
  return { ...ctx, id: round.id, round, wallets, committers, silent: wallets.slice(COMMITTERS) };
}

/** Every RewardPaid, Forfeited and closing event of round `id`, summed. */
async function settlementEvents(ctx, id) {
  const events = await ctx.registry.queryFilter("*", 0);
  const ofRound = events.filter((e) => e.args && e.args.roundId === id);
  const sum = (name, field) =>
    ofRound.filter((e) => e.fragment.name === name).reduce((a, e) => a + e.args[field], 0n);
  const paid = new Map();
  for (const e of ofRound.filter((e) => e.fragment.name === "RewardPaid")) {
    paid.set(e.args.participant, (paid.get(e.args.participant) ?? 0n) + e.args.amount);
  }
  const released = new Map();
  for (const e of ofRound.filter((e) => e.fragment.name === "StakeReleased")) {
    released.set(e.args.participant, (released.get(e.args.participant) ?? 0) + 1);
  }
  const closing = ofRound.filter((e) => e.fragment.name === "RoundSettled");
  return { paid, released, rewards: sum("RewardPaid", "amount"), forfeits: sum("Forfeited", "penalty"), closing };
}

describe("D2oraRegistry: settlement in several calls", function () {
  it("needs two calls for 60 participants, each under a tenth of a block; pays and releases everyone once", async function () {
    const ctx = await loadFixture(largeRound);
    const creatorBefore = await ctx.token.balanceOf(ctx.owner.address);

    const first = await (await ctx.registry.connect(ctx.outsider).settle(ctx.id)).wait();
    expect((await ctx.registry.getRound(ctx.id)).status).to.equal(Status.Settling);
    expect(await ctx.registry.phaseOf(ctx.id)).to.equal(Phase.Finalized);
    const second = await (await ctx.registry.connect(ctx.relayer).settle(ctx.id)).wait();

    expect((await ctx.registry.getRound(ctx.id)).status).to.equal(Status.Settled);
    for (const receipt of [first, second]) expect(receipt.gasUsed).to.be.below(3_000_000n);
    const e = await settlementEvents(ctx, ctx.id);
    expect(e.closing).to.have.length(1);
    expect(e.forfeits).to.equal((MIN_STAKE / 10n) * BigInt(SILENT));
    for (const w of ctx.wallets) {
      expect(e.released.get(w.address), w.address).to.equal(1);
      expect((await ctx.registry.getStake(w.address)).reserved).to.equal(0n);
    }
    // Pro rata to samples 1..50 (sum 1275): the participant with 50 samples gets 50/1275 of pool and forfeits.
    const total = BigInt((COMMITTERS * (COMMITTERS + 1)) / 2);
    const last = ctx.committers[COMMITTERS - 1];
    expect(e.paid.get(last.address)).to.equal((POOL * 50n) / total + (e.forfeits * 50n) / total);
    const { distributed, refunded, burned } = e.closing[0].args;
    expect(distributed).to.equal(e.rewards);
    expect(distributed + refunded + burned).to.equal(POOL + e.forfeits);
    expect((await ctx.token.balanceOf(ctx.owner.address)) - creatorBefore).to.equal(refunded);
  });

  it("accepts no forfeit once settling began, and no settle call after it closed", async function () {
    const ctx = await loadFixture(largeRound);
    await ctx.registry.connect(ctx.outsider).settle(ctx.id);
    await expect(ctx.registry.connect(ctx.outsider).forfeit(ctx.id, ctx.silent[SILENT - 1].address))
      .to.be.revertedWithCustomError(ctx.registry, "AlreadySettled")
      .withArgs(ctx.id);
    await ctx.registry.connect(ctx.outsider).settle(ctx.id);
    await expect(ctx.registry.connect(ctx.outsider).settle(ctx.id))
      .to.be.revertedWithCustomError(ctx.registry, "AlreadySettled")
      .withArgs(ctx.id);
  });

  it("does not pay a participant slashed between the calls; its share goes back, conserving every token", async function () {
    const ctx = await loadFixture(largeRound);
    // The first call counts every committer (50 + 10 first visits) and pays the first 36 in join order.
    await ctx.registry.connect(ctx.outsider).settle(ctx.id);
    const offender = ctx.committers[COMMITTERS - 1]; // counted, not yet paid
    const args = [
      [H1, H2],
      [10n, 10n],
      await signUpdate(ctx, offender, ctx.id, H1, 10n),
      await signUpdate(ctx, offender, ctx.id, H2, 10n),
    ];
    await ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(ctx.id, offender.address, ...args);
    const burnBefore = await ctx.token.balanceOf(BURN);
    await ctx.registry.connect(ctx.outsider).settle(ctx.id);

    const e = await settlementEvents(ctx, ctx.id);
    expect(e.paid.has(offender.address)).to.equal(false);
    const { distributed, refunded, burned } = e.closing[0].args;
    expect(distributed).to.equal(e.rewards);
    expect(distributed + refunded + burned).to.equal(POOL + e.forfeits);
    // The offender's share of the pool (50/1275 of it) is refunded, its share of the forfeits burned.
    const total = BigInt((COMMITTERS * (COMMITTERS + 1)) / 2);
    expect(refunded).to.be.at.least((POOL * 50n) / total);
    expect((await ctx.token.balanceOf(BURN)) - burnBefore).to.equal(burned);
    expect((await ctx.registry.getStake(offender.address)).reserved).to.equal(0n);
  });
});
