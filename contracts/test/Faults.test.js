import { expect } from "chai";
import {
  ethers,
  time,
  loadFixture,
  deployRegistry,
  createRound,
  stakeAndJoin,
  signUpdate,
  commitUpdate,
  sortAddresses,
  MIN_STAKE,
  POOL,
} from "./fixture.js";

const H1 = ethers.id("update 1");
const H2 = ethers.id("update 2");
const FORFEIT = MIN_STAKE / 10n;

async function joinedRound() {
  const ctx = await deployRegistry();
  const round = await createRound(ctx);
  await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob]);
  return { ...ctx, round };
}

/** Two different signed updates by `signer` for round `id`. */
async function equivocation(ctx, signer, id) {
  return [
    [H1, H2],
    [10n, 10n],
    await signUpdate(ctx, signer, id, H1, 10n),
    await signUpdate(ctx, signer, id, H2, 10n),
  ];
}

describe("D2oraRegistry: faults", function () {
  describe("forfeit", function () {
    it("penalises a joined participant who did not commit and adds the penalty to the pool", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id, params } = ctx.round;
      await time.increaseTo(params.commitDeadline);
      await expect(ctx.registry.connect(ctx.outsider).forfeit(id, ctx.alice.address))
        .to.emit(ctx.registry, "Forfeited")
        .withArgs(id, ctx.alice.address, FORFEIT);
      expect((await ctx.registry.getRound(id)).rewardPool).to.equal(POOL + FORFEIT);
      const stake = await ctx.registry.getStake(ctx.alice.address);
      expect([stake.staked, stake.activeRounds]).to.deep.equal([MIN_STAKE - FORFEIT, 0n]);
      await expect(ctx.registry.forfeit(id, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "NotForfeitable")
        .withArgs(id, ctx.alice.address);
    });

    it("rejects a forfeit before the commit deadline", async function () {
      const ctx = await loadFixture(joinedRound);
      await expect(ctx.registry.forfeit(ctx.round.id, ctx.alice.address)).to.be.revertedWithCustomError(
        ctx.registry,
        "CommitPhaseNotOver",
      );
    });

    it("rejects a forfeit of a committed participant or a stranger", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id, params } = ctx.round;
      await commitUpdate(ctx, ctx.alice, id, H1, 1n);
      await time.increaseTo(params.commitDeadline);
      for (const account of [ctx.alice, ctx.carol]) {
        await expect(ctx.registry.forfeit(id, account.address))
          .to.be.revertedWithCustomError(ctx.registry, "NotForfeitable")
          .withArgs(id, account.address);
      }
    });

    it("rejects a forfeit once the round is settled", async function () {
      const ctx = await loadFixture(joinedRound);
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      await ctx.registry.settle(ctx.round.id);
      await expect(ctx.registry.forfeit(ctx.round.id, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadySettled")
        .withArgs(ctx.round.id);
    });

    it("takes at most what is left of the stake", async function () {
      const ctx = await loadFixture(deployRegistry);
      const first = await createRound(ctx);
      const second = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE);
      await ctx.registry.connect(ctx.alice).join(first.id);
      await ctx.registry.connect(ctx.alice).join(second.id);
      // Equivocation in the first round takes the whole stake; the forfeit in the second finds nothing left.
      await ctx.registry.slashEquivocation(first.id, ctx.alice.address, ...(await equivocation(ctx, ctx.alice, first.id)));
      await time.increaseTo(second.params.commitDeadline);
      await expect(ctx.registry.forfeit(second.id, ctx.alice.address))
        .to.emit(ctx.registry, "Forfeited")
        .withArgs(second.id, ctx.alice.address, 0n);
      const stake = await ctx.registry.getStake(ctx.alice.address);
      expect([stake.staked, stake.unbonding, stake.activeRounds]).to.deep.equal([0n, 0n, 1n]);
    });
  });

  describe("slashEquivocation", function () {
    it("slashes two different signed updates and rewards the reporter", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id } = ctx.round;
      const args = await equivocation(ctx, ctx.alice, id);
      const reporterReward = MIN_STAKE / 2n;
      const sent = ctx.registry.connect(ctx.outsider).slashEquivocation(id, ctx.alice.address, ...args);
      await expect(sent)
        .to.emit(ctx.registry, "EquivocationSlashed")
        .withArgs(id, ctx.alice.address, ctx.outsider.address, MIN_STAKE, reporterReward);
      await expect(sent).to.changeTokenBalances(ethers, ctx.token, [ctx.outsider, ctx.registry], [reporterReward, -reporterReward]);
      expect((await ctx.registry.getStake(ctx.alice.address)).staked).to.equal(0n);
      expect((await ctx.registry.getRound(id)).rewardPool).to.equal(POOL + MIN_STAKE - reporterReward);
      expect((await ctx.registry.getParticipant(id, ctx.alice.address)).slashed).to.equal(true);
      await expect(commitUpdate(ctx, ctx.alice, id, H1, 10n))
        .to.be.revertedWithCustomError(ctx.registry, "SignerSlashed")
        .withArgs(id, ctx.alice.address);
      await expect(ctx.registry.slashEquivocation(id, ctx.alice.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadySlashed")
        .withArgs(id, ctx.alice.address);
    });

    it("counts differing sample counts as equivocation", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id } = ctx.round;
      const a = await signUpdate(ctx, ctx.bob, id, H1, 10n);
      const b = await signUpdate(ctx, ctx.bob, id, H1, 11n);
      await expect(ctx.registry.slashEquivocation(id, ctx.bob.address, [H1, H1], [10n, 11n], a, b)).to.emit(
        ctx.registry,
        "EquivocationSlashed",
      );
    });

    it("takes unbonding stake when the staked balance is gone, and pays all to the reporter after settlement", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id, params } = ctx.round;
      await commitUpdate(ctx, ctx.alice, id, H1, 10n);
      await time.increaseTo(params.finalizeDeadline);
      await ctx.registry.settle(id);
      await ctx.registry.connect(ctx.alice).unstake(MIN_STAKE);
      const args = await equivocation(ctx, ctx.alice, id);
      await expect(ctx.registry.connect(ctx.outsider).slashEquivocation(id, ctx.alice.address, ...args))
        .to.emit(ctx.registry, "EquivocationSlashed")
        .withArgs(id, ctx.alice.address, ctx.outsider.address, MIN_STAKE, MIN_STAKE);
      expect((await ctx.registry.getStake(ctx.alice.address)).unbonding).to.equal(0n);
    });

    it("excludes a slashed signer from finalization and rewards", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id, params } = ctx.round;
      await commitUpdate(ctx, ctx.alice, id, H1, 10n);
      await commitUpdate(ctx, ctx.bob, id, H2, 30n);
      await time.increaseTo(params.commitDeadline);
      const agg = ctx.registry.connect(ctx.aggregator);
      await agg.finalize(id, H1, sortAddresses(ctx.alice, ctx.bob));
      await ctx.registry.slashEquivocation(id, ctx.alice.address, ...(await equivocation(ctx, ctx.alice, id)));
      const pool = POOL + MIN_STAKE / 2n;
      const tx = ctx.registry.settle(id);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(id, ctx.bob.address, pool);
      await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(id, pool, 0n);
    });

    it("refuses to include a signer slashed before finalization", async function () {
      const ctx = await loadFixture(joinedRound);
      const { id, params } = ctx.round;
      await commitUpdate(ctx, ctx.alice, id, H1, 10n);
      await ctx.registry.slashEquivocation(id, ctx.alice.address, ...(await equivocation(ctx, ctx.alice, id)));
      await time.increaseTo(params.commitDeadline);
      await expect(ctx.registry.connect(ctx.aggregator).finalize(id, H1, [ctx.alice.address]))
        .to.be.revertedWithCustomError(ctx.registry, "NotIncludable")
        .withArgs(id, ctx.alice.address);
    });

    it("rejects two signatures over the same update", async function () {
      const ctx = await loadFixture(joinedRound);
      const sig = await signUpdate(ctx, ctx.alice, ctx.round.id, H1, 10n);
      await expect(
        ctx.registry.slashEquivocation(ctx.round.id, ctx.alice.address, [H1, H1], [10n, 10n], sig, sig),
      ).to.be.revertedWithCustomError(ctx.registry, "NotEquivocation");
    });

    it("rejects a signature that is not the accused signer's", async function () {
      const ctx = await loadFixture(joinedRound);
      const [hashes, samples, a] = await equivocation(ctx, ctx.alice, ctx.round.id);
      const forged = await signUpdate(ctx, ctx.bob, ctx.round.id, H2, 10n);
      await expect(ctx.registry.slashEquivocation(ctx.round.id, ctx.alice.address, hashes, samples, a, forged))
        .to.be.revertedWithCustomError(ctx.registry, "InvalidSignature")
        .withArgs(ctx.alice.address, ctx.bob.address);
    });

    it("rejects signatures from another round", async function () {
      const ctx = await loadFixture(joinedRound);
      const other = await createRound(ctx);
      const args = await equivocation(ctx, ctx.alice, other.id);
      await expect(
        ctx.registry.slashEquivocation(ctx.round.id, ctx.alice.address, ...args),
      ).to.be.revertedWithCustomError(ctx.registry, "InvalidSignature");
    });

    it("rejects accusing someone who never joined, or an unknown round", async function () {
      const ctx = await loadFixture(joinedRound);
      const args = await equivocation(ctx, ctx.carol, ctx.round.id);
      await expect(ctx.registry.slashEquivocation(ctx.round.id, ctx.carol.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "NotJoined")
        .withArgs(ctx.round.id, ctx.carol.address);
      await expect(ctx.registry.slashEquivocation(9n, ctx.carol.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "UnknownRound")
        .withArgs(9n);
    });
  });

  describe("dispute", function () {
    async function finalizedRound() {
      const ctx = await joinedRound();
      const { id, params } = ctx.round;
      await commitUpdate(ctx, ctx.alice, id, H1, 10n);
      await time.increaseTo(params.commitDeadline);
      await ctx.registry.connect(ctx.aggregator).finalize(id, H1, [ctx.alice.address]);
      return ctx;
    }

    it("records a committed participant's differing hash and emits Disputed", async function () {
      const ctx = await loadFixture(finalizedRound);
      const id = ctx.round.id;
      await expect(ctx.registry.connect(ctx.alice).dispute(id, H2))
        .to.emit(ctx.registry, "Disputed")
        .withArgs(id, ctx.alice.address, H2, 0n);
      const disputes = await ctx.registry.getDisputes(id);
      expect(disputes.length).to.equal(1);
      expect(disputes[0].participant).to.equal(ctx.alice.address);
      expect(disputes[0].claimedHash).to.equal(H2);
      expect(disputes[0].blockNumber).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      await expect(ctx.registry.connect(ctx.alice).dispute(id, H2))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyDisputed")
        .withArgs(id, ctx.alice.address);
    });

    it("rejects a dispute of an unfinalized round", async function () {
      const ctx = await loadFixture(joinedRound);
      await expect(ctx.registry.connect(ctx.alice).dispute(ctx.round.id, H2))
        .to.be.revertedWithCustomError(ctx.registry, "NotFinalized")
        .withArgs(ctx.round.id);
    });

    it("rejects a claim equal to the aggregate", async function () {
      const ctx = await loadFixture(finalizedRound);
      await expect(ctx.registry.connect(ctx.alice).dispute(ctx.round.id, H1))
        .to.be.revertedWithCustomError(ctx.registry, "DisputeMatchesAggregate")
        .withArgs(ctx.round.id);
    });

    it("rejects a dispute by someone without a commitment", async function () {
      const ctx = await loadFixture(finalizedRound);
      for (const account of [ctx.bob, ctx.outsider]) {
        await expect(ctx.registry.connect(account).dispute(ctx.round.id, H2))
          .to.be.revertedWithCustomError(ctx.registry, "NotCommitted")
          .withArgs(ctx.round.id, account.address);
      }
    });
  });
});
