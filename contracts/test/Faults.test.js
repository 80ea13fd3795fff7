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
  committedRound,
  sortAddresses,
  setHash,
  signAttestation,
  attestTo,
  MIN_STAKE,
  POOL,
  BURN,
  EVIDENCE_WINDOW,
  Offense,
} from "./fixture.js";

const H1 = ethers.id("update 1");
const H2 = ethers.id("update 2");
const AGG = ethers.id("aggregate");
const OTHER = ethers.id("another aggregate");
const BOUNTY = MIN_STAKE / 10n;

async function joinedRound() {
  const ctx = await deployRegistry();
  const round = await createRound(ctx);
  await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob]);
  return { ...ctx, round, id: round.id };
}

/** Arguments of slashUpdateEquivocation after (roundId, signer): two different signed updates by `signer`. */
async function updatePair(ctx, signer, id) {
  return [[H1, H2], [10n, 10n], await signUpdate(ctx, signer, id, H1, 10n), await signUpdate(ctx, signer, id, H2, 10n)];
}

/** Arguments of slashAttestationEquivocation after (roundId, attester): attestations of two different results. */
async function attestationPair(ctx, signer, id, [aggA, setA], [aggB, setB]) {
  return [
    [aggA, aggB],
    [setA, setB],
    await signAttestation(ctx, signer, id, aggA, setA),
    await signAttestation(ctx, signer, id, aggB, setB),
  ];
}

async function stakeOf(ctx, account) {
  const s = await ctx.registry.getStake(account.address);
  return [s.staked, s.reserved, s.unbonding];
}

describe("D2oraRegistry: slashing", function () {
  describe("update equivocation", function () {
    it("takes the round's reservation, pays the reporter 10% and burns the rest", async function () {
      const ctx = await loadFixture(joinedRound);
      const args = await updatePair(ctx, ctx.alice, ctx.id);
      const tx = ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(ctx.id, ctx.alice.address, ...args);
      await expect(tx)
        .to.emit(ctx.registry, "Slashed")
        .withArgs(ctx.id, ctx.alice.address, ctx.outsider.address, Offense.UpdateEquivocation, MIN_STAKE, BOUNTY);
      await expect(tx).to.changeTokenBalances(
        ethers,
        ctx.token,
        [ctx.outsider, BURN, ctx.registry],
        [BOUNTY, MIN_STAKE - BOUNTY, -MIN_STAKE],
      );
      expect(await stakeOf(ctx, ctx.alice)).to.deep.equal([0n, 0n, 0n]);
      const p = await ctx.registry.getParticipant(ctx.id, ctx.alice.address);
      expect([p.slashed, p.released]).to.deep.equal([true, true]);
      expect((await ctx.registry.getRound(ctx.id)).rewardPool).to.equal(POOL);
      await expect(commitUpdate(ctx, ctx.alice, ctx.id, H1, 10n))
        .to.be.revertedWithCustomError(ctx.registry, "SignerSlashed")
        .withArgs(ctx.id, ctx.alice.address);
      await expect(ctx.registry.connect(ctx.bob).slashUpdateEquivocation(ctx.id, ctx.alice.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadySlashed")
        .withArgs(ctx.id, ctx.alice.address);
    });

    it("counts differing sample counts as equivocation", async function () {
      const ctx = await loadFixture(joinedRound);
      const a = await signUpdate(ctx, ctx.bob, ctx.id, H1, 10n);
      const b = await signUpdate(ctx, ctx.bob, ctx.id, H1, 11n);
      await expect(ctx.registry.slashUpdateEquivocation(ctx.id, ctx.bob.address, [H1, H1], [10n, 11n], a, b)).to.emit(
        ctx.registry,
        "Slashed",
      );
    });

    it("rejects two signatures over the same update", async function () {
      const ctx = await loadFixture(joinedRound);
      const sig = await signUpdate(ctx, ctx.alice, ctx.id, H1, 10n);
      await expect(
        ctx.registry.slashUpdateEquivocation(ctx.id, ctx.alice.address, [H1, H1], [10n, 10n], sig, sig),
      ).to.be.revertedWithCustomError(ctx.registry, "NotEquivocation");
    });

    it("rejects a signature that is not the accused signer's, or from another round", async function () {
      const ctx = await loadFixture(joinedRound);
      const [hashes, samples, a] = await updatePair(ctx, ctx.alice, ctx.id);
      const forged = await signUpdate(ctx, ctx.bob, ctx.id, H2, 10n);
      await expect(ctx.registry.slashUpdateEquivocation(ctx.id, ctx.alice.address, hashes, samples, a, forged))
        .to.be.revertedWithCustomError(ctx.registry, "InvalidSignature")
        .withArgs(ctx.alice.address, ctx.bob.address);
      const other = await createRound(ctx);
      const foreign = await updatePair(ctx, ctx.alice, other.id);
      await expect(
        ctx.registry.slashUpdateEquivocation(ctx.id, ctx.alice.address, ...foreign),
      ).to.be.revertedWithCustomError(ctx.registry, "InvalidSignature");
    });

    it("rejects accusing someone who never joined, or in an unknown round", async function () {
      const ctx = await loadFixture(joinedRound);
      const args = await updatePair(ctx, ctx.carol, ctx.id);
      await expect(ctx.registry.slashUpdateEquivocation(ctx.id, ctx.carol.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "NotJoined")
        .withArgs(ctx.id, ctx.carol.address);
      await expect(ctx.registry.slashUpdateEquivocation(9n, ctx.carol.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "UnknownRound")
        .withArgs(9n);
    });

    it("does not forfeit a slashed silent participant a second time at settlement", async function () {
      const ctx = await loadFixture(joinedRound);
      await ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(ctx.id, ctx.alice.address, ...(await updatePair(ctx, ctx.alice, ctx.id)));
      await time.increaseTo(ctx.round.params.commitDeadline);
      await expect(ctx.registry.forfeit(ctx.id, ctx.alice.address))
        .to.be.revertedWithCustomError(ctx.registry, "NotForfeitable")
        .withArgs(ctx.id, ctx.alice.address);
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      const tx = ctx.registry.settle(ctx.id);
      await expect(tx).to.emit(ctx.registry, "Forfeited").withArgs(ctx.id, ctx.bob.address, MIN_STAKE / 10n);
      await expect(tx).to.emit(ctx.registry, "RoundRefunded").withArgs(ctx.id, POOL, MIN_STAKE / 10n);
      const logs = (await (await tx).wait()).logs.map((log) => ctx.registry.interface.parseLog(log)).filter(Boolean);
      expect(logs.filter((e) => e.args.participant === ctx.alice.address)).to.deep.equal([]);
      expect(await stakeOf(ctx, ctx.alice)).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("attestation equivocation", function () {
    async function proposed() {
      const ctx = await deployRegistry();
      const round = await committedRound(ctx, [ctx.alice, ctx.bob, ctx.carol]);
      const all = sortAddresses(ctx.alice, ctx.bob, ctx.carol);
      const partial = sortAddresses(ctx.alice, ctx.bob);
      await ctx.registry.connect(ctx.aggregator).propose(round.id, AGG, all);
      await ctx.registry.connect(ctx.carol).propose(round.id, OTHER, partial);
      return { ...ctx, round, id: round.id, all, partial };
    }

    it("slashes two signed attestations of different results for one round", async function () {
      const ctx = await loadFixture(proposed);
      const args = await attestationPair(ctx, ctx.bob, ctx.id, [AGG, setHash(ctx.all)], [OTHER, setHash(ctx.partial)]);
      const tx = ctx.registry.connect(ctx.relayer).slashAttestationEquivocation(ctx.id, ctx.bob.address, ...args);
      await expect(tx)
        .to.emit(ctx.registry, "Slashed")
        .withArgs(ctx.id, ctx.bob.address, ctx.relayer.address, Offense.AttestationEquivocation, MIN_STAKE, BOUNTY);
      await expect(tx).to.changeTokenBalances(ethers, ctx.token, [ctx.relayer, BURN], [BOUNTY, MIN_STAKE - BOUNTY]);
      await expect(attestTo(ctx, ctx.bob, ctx.id, AGG, ctx.all))
        .to.be.revertedWithCustomError(ctx.registry, "SignerSlashed")
        .withArgs(ctx.id, ctx.bob.address);
    });

    it("counts the same aggregate over a different included set as equivocation", async function () {
      const ctx = await loadFixture(proposed);
      const args = await attestationPair(ctx, ctx.alice, ctx.id, [AGG, setHash(ctx.all)], [AGG, setHash(ctx.partial)]);
      await expect(ctx.registry.slashAttestationEquivocation(ctx.id, ctx.alice.address, ...args)).to.emit(
        ctx.registry,
        "Slashed",
      );
    });

    it("withdraws a slashed attester's vote from a quorum not yet reached", async function () {
      const ctx = await loadFixture(proposed);
      await attestTo(ctx, ctx.bob, ctx.id, AGG, ctx.all);
      const args = await attestationPair(ctx, ctx.bob, ctx.id, [AGG, setHash(ctx.all)], [OTHER, setHash(ctx.partial)]);
      await ctx.registry.connect(ctx.outsider).slashAttestationEquivocation(ctx.id, ctx.bob.address, ...args);
      expect((await ctx.registry.getProposal(ctx.id, 1)).attestations).to.equal(0n);
      await expect(attestTo(ctx, ctx.alice, ctx.id, AGG, ctx.all)).not.to.emit(ctx.registry, "RoundFinalized");
      await expect(attestTo(ctx, ctx.carol, ctx.id, AGG, ctx.all)).to.emit(ctx.registry, "RoundFinalized");
    });

    it("keeps a reached quorum but pays no reward to an attester slashed afterwards", async function () {
      const ctx = await loadFixture(proposed);
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) await attestTo(ctx, s, ctx.id, AGG, ctx.all);
      const args = await attestationPair(ctx, ctx.bob, ctx.id, [AGG, setHash(ctx.all)], [OTHER, setHash(ctx.partial)]);
      await ctx.registry.connect(ctx.outsider).slashAttestationEquivocation(ctx.id, ctx.bob.address, ...args);
      expect((await ctx.registry.getProposal(ctx.id, 1)).attestations).to.equal(3n);
      const tx = ctx.registry.settle(ctx.id);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(ctx.id, ctx.alice.address, POOL / 2n);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(ctx.id, ctx.carol.address, POOL / 2n);
      await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(ctx.id, POOL, 0n, 0n);
    });

    it("rejects two signatures over the same attestation, and a forged one", async function () {
      const ctx = await loadFixture(proposed);
      const set = setHash(ctx.all);
      const sig = await signAttestation(ctx, ctx.alice, ctx.id, AGG, set);
      await expect(
        ctx.registry.slashAttestationEquivocation(ctx.id, ctx.alice.address, [AGG, AGG], [set, set], sig, sig),
      ).to.be.revertedWithCustomError(ctx.registry, "NotEquivocation");
      const forged = await signAttestation(ctx, ctx.bob, ctx.id, OTHER, set);
      await expect(
        ctx.registry.slashAttestationEquivocation(ctx.id, ctx.alice.address, [AGG, OTHER], [set, set], sig, forged),
      )
        .to.be.revertedWithCustomError(ctx.registry, "InvalidSignature")
        .withArgs(ctx.alice.address, ctx.bob.address);
    });
  });

  describe("bounds of a slash", function () {
    it("after the round, takes free then unbonding stake, never stake reserved by another round", async function () {
      const ctx = await loadFixture(deployRegistry);
      const first = await createRound(ctx);
      const second = await createRound(ctx, { finalizeDeadline: first.params.finalizeDeadline + 1000n });
      await ctx.registry.connect(ctx.alice).stake(2n * MIN_STAKE);
      await ctx.registry.connect(ctx.alice).join(first.id);
      await ctx.registry.connect(ctx.alice).join(second.id);
      await commitUpdate(ctx, ctx.alice, first.id, H1, 10n);
      await time.increaseTo(first.params.finalizeDeadline);
      await ctx.registry.settle(first.id);
      await ctx.registry.connect(ctx.alice).unstake(MIN_STAKE / 2n);
      expect(await stakeOf(ctx, ctx.alice)).to.deep.equal([(3n * MIN_STAKE) / 2n, MIN_STAKE, MIN_STAKE / 2n]);
      const args = await updatePair(ctx, ctx.alice, first.id);
      await expect(ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(first.id, ctx.alice.address, ...args))
        .to.emit(ctx.registry, "Slashed")
        .withArgs(first.id, ctx.alice.address, ctx.outsider.address, Offense.UpdateEquivocation, MIN_STAKE, BOUNTY);
      // Free half and unbonding half are gone; the second round's reservation is intact.
      expect(await stakeOf(ctx, ctx.alice)).to.deep.equal([MIN_STAKE, MIN_STAKE, 0n]);
    });

    it("accepts evidence until EVIDENCE_WINDOW after the finalize deadline, not later", async function () {
      const ctx = await loadFixture(joinedRound);
      const deadline = ctx.round.params.finalizeDeadline + EVIDENCE_WINDOW;
      expect(await ctx.registry.evidenceDeadline(ctx.id)).to.equal(deadline);
      await expect(ctx.registry.evidenceDeadline(9n)).to.be.revertedWithCustomError(ctx.registry, "UnknownRound");
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      await ctx.registry.settle(ctx.id);
      const args = await updatePair(ctx, ctx.alice, ctx.id);
      await time.setNextBlockTimestamp(deadline);
      await expect(ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(ctx.id, ctx.alice.address, ...args))
        .to.be.revertedWithCustomError(ctx.registry, "EvidenceExpired")
        .withArgs(ctx.id, deadline, deadline);
    });

    it("pays the bounty only on what is left, and nothing when nothing is left", async function () {
      const ctx = await loadFixture(joinedRound);
      await time.increaseTo(ctx.round.params.finalizeDeadline);
      await ctx.registry.settle(ctx.id);
      const { staked } = await ctx.registry.getStake(ctx.alice.address);
      await ctx.registry.connect(ctx.alice).unstake(staked);
      await time.increase(3600);
      await ctx.registry.connect(ctx.alice).withdraw();
      const args = await updatePair(ctx, ctx.alice, ctx.id);
      await expect(ctx.registry.connect(ctx.outsider).slashUpdateEquivocation(ctx.id, ctx.alice.address, ...args))
        .to.emit(ctx.registry, "Slashed")
        .withArgs(ctx.id, ctx.alice.address, ctx.outsider.address, Offense.UpdateEquivocation, 0n, 0n);
    });
  });
});
