import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  createRound,
  stakeAndJoin,
  commitUpdate,
  committedRound,
  sortAddresses,
  attestTo,
  MIN_STAKE,
  POOL,
  UNBONDING,
  BURN,
  Status,
  Phase,
  Seat,
  pinNextBlockTime,
} from "./fixture.js";

const AGG = ethers.id("aggregate");
const OTHER = ethers.id("another aggregate");
const FORFEIT = MIN_STAKE / 10n;

/**
 * alice, bob and carol committed 100, 200 and 300 samples, dave stayed silent; the aggregator proposed AGG over
 * all three; alice and bob attested it (quorum 2 of 3: final), carol did not.
 */
async function finalized() {
  const ctx = await deployRegistry();
  const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol], {
    silent: [ctx.dave],
    samples: [100, 200, 300],
  });
  const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
  await ctx.registry.connect(ctx.aggregator).propose(round.id, AGG, all);
  await attestTo(ctx, ctx.alice, round.id, AGG, all);
  await attestTo(ctx, ctx.bob, round.id, AGG, all);
  return { ...ctx, round, id: round.id, all };
}

async function stakeOf(ctx, account) {
  const s = await ctx.registry.getStake(account.address);
  return { staked: s.staked, reserved: s.reserved, unbonding: s.unbonding };
}

describe("D2oraRegistry: settlement", function () {
  describe("settle a finalized round", function () {
    it("waits for the finalize deadline while a counted participant has not attested the winner", async function () {
      const ctx = await loadFixture(finalized);
      const deadline = ctx.round.params.finalizeDeadline;
      const now = await pinNextBlockTime();
      await expect(ctx.registry.connect(ctx.outsider).settle(ctx.id))
        .to.be.revertedWithCustomError(ctx.registry, "SettleTooEarly")
        .withArgs(ctx.id, deadline, now);
    });

    it("pays pool and forfeits pro rata to included attesters, releases every stake, burns forfeit dust", async function () {
      const ctx = await loadFixture(finalized);
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      // Rewarded: alice (100) and bob (200); carol is included but did not attest; dave forfeits 10%.
      const alicePool = (POOL * 100n) / 300n;
      const bobPool = (POOL * 200n) / 300n;
      const aliceForfeit = (FORFEIT * 100n) / 300n;
      const bobForfeit = (FORFEIT * 200n) / 300n;
      const dust = FORFEIT - aliceForfeit - bobForfeit;
      const tx = ctx.registry.connect(ctx.outsider).settle(ctx.id);
      await expect(tx).to.emit(ctx.registry, "Forfeited").withArgs(ctx.id, ctx.dave.address, FORFEIT);
      await expect(tx).to.emit(ctx.registry, "StakeReleased").withArgs(ctx.id, ctx.dave.address, MIN_STAKE - FORFEIT);
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) {
        await expect(tx).to.emit(ctx.registry, "StakeReleased").withArgs(ctx.id, s.address, MIN_STAKE);
      }
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(ctx.id, ctx.alice.address, alicePool + aliceForfeit);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(ctx.id, ctx.bob.address, bobPool + bobForfeit);
      const distributed = alicePool + bobPool + aliceForfeit + bobForfeit;
      await expect(tx)
        .to.emit(ctx.registry, "RoundSettled")
        .withArgs(ctx.id, distributed, POOL - alicePool - bobPool, dust);
      await expect(tx).to.changeTokenBalances(ethers, ctx.token, [ctx.registry, BURN, ctx.owner], [-dust, dust, 0n]);
      expect(await stakeOf(ctx, ctx.alice)).to.deep.equal({
        staked: MIN_STAKE + alicePool + aliceForfeit,
        reserved: 0n,
        unbonding: 0n,
      });
      expect(await stakeOf(ctx, ctx.carol)).to.deep.equal({ staked: MIN_STAKE, reserved: 0n, unbonding: 0n });
      expect(await stakeOf(ctx, ctx.dave)).to.deep.equal({ staked: MIN_STAKE - FORFEIT, reserved: 0n, unbonding: 0n });
      const r = await ctx.registry.getRound(ctx.id);
      expect([r.status, r.finalizedProposal, r.aggregateHash, r.forfeitPool]).to.deep.equal([
        Status.Settled,
        1n,
        AGG,
        FORFEIT,
      ]);
      expect(await ctx.registry.phaseOf(ctx.id)).to.equal(Phase.Settled);
      expect((await ctx.registry.getParticipant(ctx.id, ctx.dave.address)).status).to.equal(Seat.Forfeited);
      await expect(ctx.registry.settle(ctx.id)).to.be.revertedWithCustomError(ctx.registry, "AlreadySettled").withArgs(ctx.id);
    });

    it("settles at once when every counted participant attested the winner", async function () {
      const ctx = await loadFixture(finalized);
      await attestTo(ctx, ctx.carol, ctx.id, AGG, ctx.all);
      const tx = ctx.registry.connect(ctx.outsider).settle(ctx.id);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(ctx.id, ctx.carol.address, ((POOL + FORFEIT) * 300n) / 600n);
      await expect(tx).to.emit(ctx.registry, "RoundSettled");
    });

    it("lets the released stake be unstaked and withdrawn after the unbonding delay", async function () {
      const ctx = await loadFixture(finalized);
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      await ctx.registry.settle(ctx.id);
      const { staked } = await stakeOf(ctx, ctx.carol);
      await ctx.registry.connect(ctx.carol).unstake(staked);
      await time.increase(UNBONDING);
      await expect(ctx.registry.connect(ctx.carol).withdraw()).to.changeTokenBalances(
        ethers,
        ctx.token,
        [ctx.carol],
        [staked],
      );
    });

    it("rewards nobody who attested a losing proposal or was left out of the winner", async function () {
      const ctx = await loadFixture(deployRegistry);
      const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol, ctx.dave]);
      const id = round.id;
      const threeOfFour = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
      const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol, ctx.dave);
      await ctx.registry.connect(ctx.aggregator).propose(id, AGG, threeOfFour);
      await ctx.registry.connect(ctx.dave).propose(id, OTHER, all);
      await attestTo(ctx, ctx.dave, id, OTHER, all);
      // dave attested his own proposal, which loses: he is neither in the winner nor one of its attesters.
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) await attestTo(ctx, s, id, AGG, threeOfFour);
      await time.increaseTo(round.params.finalizeDeadline);
      const tx = ctx.registry.settle(id);
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) {
        await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(id, s.address, POOL / 3n);
      }
      await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(id, POOL, 0n, 0n);
      expect((await stakeOf(ctx, ctx.dave)).staked).to.equal(MIN_STAKE);
    });

    it("sends the pool's rounding remainder back to the creator", async function () {
      const ctx = await loadFixture(deployRegistry);
      const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol], { rewardPool: 10n, samples: [1, 1, 1] });
      const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
      await ctx.registry.connect(ctx.aggregator).propose(round.id, AGG, all);
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) await attestTo(ctx, s, round.id, AGG, all);
      const tx = ctx.registry.settle(round.id);
      await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(round.id, 9n, 1n, 0n);
      await expect(tx).to.changeTokenBalances(ethers, ctx.token, [ctx.owner, ctx.registry], [1n, -1n]);
    });

    it("refunds the pool and burns the forfeits when the winner rewards nobody", async function () {
      const ctx = await loadFixture(deployRegistry);
      const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol], { silent: [ctx.dave] });
      // bob and carol attest a result that only includes alice, who does not attest it.
      await ctx.registry.connect(ctx.aggregator).propose(round.id, AGG, [ctx.alice.address]);
      for (const s of [ctx.bob, ctx.carol]) await attestTo(ctx, s, round.id, AGG, [ctx.alice.address]);
      await time.increaseTo(round.params.finalizeDeadline);
      const tx = ctx.registry.settle(round.id);
      await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(round.id, 0n, POOL, FORFEIT);
      await expect(tx).to.changeTokenBalances(ethers, ctx.token, [ctx.owner, BURN], [POOL, FORFEIT]);
    });
  });

  describe("close an expired round", function () {
    it("refunds the pool to the creator, burns the forfeits and releases every stake", async function () {
      const ctx = await loadFixture(deployRegistry);
      const round = await committedRound(ctx, [ctx.alice, ctx.bob], { silent: [ctx.carol] });
      const id = round.id;
      const now = await pinNextBlockTime();
      await expect(ctx.registry.settle(id))
        .to.be.revertedWithCustomError(ctx.registry, "SettleTooEarly")
        .withArgs(id, round.params.finalizeDeadline, now);
      await time.increaseTo(round.params.finalizeDeadline);
      const tx = ctx.registry.connect(ctx.outsider).settle(id);
      await expect(tx).to.emit(ctx.registry, "RoundRefunded").withArgs(id, POOL, FORFEIT);
      await expect(tx).to.emit(ctx.registry, "Forfeited").withArgs(id, ctx.carol.address, FORFEIT);
      await expect(tx).not.to.emit(ctx.registry, "RewardPaid");
      await expect(tx).to.changeTokenBalances(
        ethers,
        ctx.token,
        [ctx.owner, BURN, ctx.registry],
        [POOL, FORFEIT, -POOL - FORFEIT],
      );
      for (const s of [ctx.alice, ctx.bob]) {
        expect(await stakeOf(ctx, s)).to.deep.equal({ staked: MIN_STAKE, reserved: 0n, unbonding: 0n });
      }
      expect((await ctx.registry.getRound(id)).status).to.equal(Status.Refunded);
      await expect(ctx.registry.settle(id)).to.be.revertedWithCustomError(ctx.registry, "AlreadySettled").withArgs(id);
    });

    it("rejects settling an unknown round", async function () {
      const ctx = await loadFixture(deployRegistry);
      await expect(ctx.registry.settle(3n)).to.be.revertedWithCustomError(ctx.registry, "UnknownRound").withArgs(3n);
    });
  });

  describe("forfeit", function () {
    async function joined() {
      const ctx = await deployRegistry();
      const round = await createRound(ctx);
      await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob]);
      return { ...ctx, round, id: round.id };
    }

    it("penalises a silent participant early, adds the penalty to the forfeits and frees the rest", async function () {
      const ctx = await loadFixture(joined);
      await time.increaseTo(ctx.round.params.commitDeadline);
      const tx = ctx.registry.connect(ctx.outsider).forfeit(ctx.id, ctx.alice.address);
      await expect(tx).to.emit(ctx.registry, "Forfeited").withArgs(ctx.id, ctx.alice.address, FORFEIT);
      await expect(tx).to.emit(ctx.registry, "StakeReleased").withArgs(ctx.id, ctx.alice.address, MIN_STAKE - FORFEIT);
      const r = await ctx.registry.getRound(ctx.id);
      expect([r.rewardPool, r.forfeitPool]).to.deep.equal([POOL, FORFEIT]);
      expect(await stakeOf(ctx, ctx.alice)).to.deep.equal({ staked: MIN_STAKE - FORFEIT, reserved: 0n, unbonding: 0n });
      const p = await ctx.registry.getParticipant(ctx.id, ctx.alice.address);
      expect([p.status, p.released, p.reservedStake]).to.deep.equal([Seat.Forfeited, true, MIN_STAKE]);
      await expect(ctx.registry.forfeit(ctx.id, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "NotForfeitable")
        .withArgs(ctx.id, ctx.alice.address);
    });

    it("rejects a forfeit before the commit deadline", async function () {
      const ctx = await loadFixture(joined);
      const now = await pinNextBlockTime();
      await expect(ctx.registry.forfeit(ctx.id, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "CommitPhaseNotOver")
        .withArgs(ctx.id, ctx.round.params.commitDeadline, now);
    });

    it("rejects a forfeit of a committed participant or a stranger", async function () {
      const ctx = await loadFixture(joined);
      await commitUpdate(ctx, ctx.alice, ctx.id, AGG, 1n);
      await time.increaseTo(ctx.round.params.commitDeadline);
      for (const account of [ctx.alice, ctx.carol]) {
        await expect(ctx.registry.forfeit(ctx.id, account.address))
          .to.be.revertedWithCustomError(ctx.registry, "NotForfeitable")
          .withArgs(ctx.id, account.address);
      }
    });

    it("rejects a forfeit once the round is closed, and in an unknown round", async function () {
      const ctx = await loadFixture(joined);
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      await ctx.registry.settle(ctx.id);
      await expect(ctx.registry.forfeit(ctx.id, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadySettled")
        .withArgs(ctx.id);
      await expect(ctx.registry.forfeit(9n, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "UnknownRound")
        .withArgs(9n);
    });
  });
});
