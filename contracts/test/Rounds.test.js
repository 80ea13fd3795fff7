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
  sortAddresses,
  MIN_STAKE,
  POOL,
  BASE,
  CONFIG,
  UPDATE_TYPES,
} from "./fixture.js";

const H1 = ethers.id("update 1");
const H2 = ethers.id("update 2");
// DESIGN.md: a commit with its signature check within 15% of 21,000 + one cold slot (22,100).
const COMMIT_GAS_CEILING = Math.floor((21_000 + 22_100) * 1.15);

describe("D2oraRegistry: rounds", function () {
  describe("createRound", function () {
    it("stores the round, takes the pool and emits RoundCreated", async function () {
      const ctx = await loadFixture(deployRegistry);
      const p = await roundParams(ctx);
      const sent = ctx.registry.connect(ctx.owner).createRound(p);
      await expect(sent)
        .to.emit(ctx.registry, "RoundCreated")
        .withArgs(
          1n,
          ctx.owner.address,
          ctx.aggregator.address,
          BASE,
          CONFIG,
          p.joinDeadline,
          p.commitDeadline,
          p.finalizeDeadline,
          MIN_STAKE,
          4,
          POOL,
        );
      await expect(sent).to.changeTokenBalances(ethers, ctx.token, [ctx.owner, ctx.registry], [-POOL, POOL]);
      const r = await ctx.registry.getRound(1n);
      expect(r.baseModelHash).to.equal(BASE);
      expect(r.configHash).to.equal(CONFIG);
      expect(r.creator).to.equal(ctx.owner.address);
      expect(r.aggregator).to.equal(ctx.aggregator.address);
      expect(r.status).to.equal(1n);
      expect(r.rewardPool).to.equal(POOL);
      expect(await ctx.registry.phaseOf(1n)).to.equal(1n);
    });

    it("accepts an unfunded round", async function () {
      const ctx = await loadFixture(deployRegistry);
      await createRound(ctx, { rewardPool: 0n });
      expect((await ctx.registry.getRound(1n)).rewardPool).to.equal(0n);
    });

    for (const [name, change] of [
      ["join deadline in the past", (p, now) => ({ ...p, joinDeadline: now })],
      ["commit before join", (p) => ({ ...p, commitDeadline: p.joinDeadline - 1n })],
      ["finalize not after commit", (p) => ({ ...p, finalizeDeadline: p.commitDeadline })],
    ]) {
      it(`rejects deadlines: ${name}`, async function () {
        const ctx = await loadFixture(deployRegistry);
        const now = BigInt(await time.latest());
        const p = change(await roundParams(ctx), now + 1n);
        await expect(ctx.registry.createRound(p))
          .to.be.revertedWithCustomError(ctx.registry, "InvalidDeadlines")
          .withArgs(now + 1n, p.joinDeadline, p.commitDeadline, p.finalizeDeadline);
      });
    }

    it("rejects a participant cap of zero or above the limit", async function () {
      const ctx = await loadFixture(deployRegistry);
      for (const cap of [0, 257]) {
        await expect(ctx.registry.createRound(await roundParams(ctx, { maxParticipants: cap })))
          .to.be.revertedWithCustomError(ctx.registry, "InvalidParticipantCap")
          .withArgs(cap, 256);
      }
    });

    it("rejects a zero aggregator", async function () {
      const ctx = await loadFixture(deployRegistry);
      await expect(
        ctx.registry.createRound(await roundParams(ctx, { aggregator: ethers.ZeroAddress })),
      ).to.be.revertedWithCustomError(ctx.registry, "ZeroAddress");
    });
  });

  describe("join", function () {
    it("adds the caller, locks its stake and emits Joined", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id } = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE);
      await expect(ctx.registry.connect(ctx.alice).join(id))
        .to.emit(ctx.registry, "Joined")
        .withArgs(id, ctx.alice.address, 0);
      expect(await ctx.registry.getParticipants(id)).to.deep.equal([ctx.alice.address]);
      const p = await ctx.registry.getParticipant(id, ctx.alice.address);
      expect(p.status).to.equal(1n);
      expect(await ctx.registry.getUpdateHash(id, ctx.alice.address)).to.equal(ethers.ZeroHash);
      expect((await ctx.registry.getStake(ctx.alice.address)).activeRounds).to.equal(1);
    });

    it("rejects an unknown round", async function () {
      const ctx = await loadFixture(deployRegistry);
      await expect(ctx.registry.connect(ctx.alice).join(9n))
        .to.be.revertedWithCustomError(ctx.registry, "UnknownRound")
        .withArgs(9n);
    });

    it("rejects a second join", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id } = await createRound(ctx);
      await stakeAndJoin(ctx, id, [ctx.alice]);
      await expect(ctx.registry.connect(ctx.alice).join(id))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyJoined")
        .withArgs(id, ctx.alice.address);
    });

    it("rejects a join after the join deadline", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id, params } = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE);
      await time.setNextBlockTimestamp(params.joinDeadline);
      await expect(ctx.registry.connect(ctx.alice).join(id))
        .to.be.revertedWithCustomError(ctx.registry, "JoinClosed")
        .withArgs(id, params.joinDeadline, params.joinDeadline);
    });

    it("rejects a join beyond the participant cap", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id } = await createRound(ctx, { maxParticipants: 1 });
      await stakeAndJoin(ctx, id, [ctx.alice]);
      await ctx.registry.connect(ctx.bob).stake(MIN_STAKE);
      await expect(ctx.registry.connect(ctx.bob).join(id))
        .to.be.revertedWithCustomError(ctx.registry, "RoundFull")
        .withArgs(id, 1);
    });
  });

  describe("commit", function () {
    async function joinedRound() {
      const ctx = await deployRegistry();
      const round = await createRound(ctx);
      await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob]);
      return { ...ctx, round };
    }

    it("records a signed update submitted by the signer and emits UpdateCommitted", async function () {
      const ctx = await loadFixture(joinedRound);
      const id = ctx.round.id;
      await expect(commitUpdate(ctx, ctx.alice, id, H1, 120n))
        .to.emit(ctx.registry, "UpdateCommitted")
        .withArgs(id, ctx.alice.address, H1, 120n);
      const p = await ctx.registry.getParticipant(id, ctx.alice.address);
      expect(p.status).to.equal(2n);
      expect(p.numSamples).to.equal(120n);
      expect(p.commitBlock).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      expect(await ctx.registry.getUpdateHash(id, ctx.alice.address)).to.equal(H1);
    });

    it("accepts a relayer's submission and stays within 15% of the gas floor", async function () {
      const ctx = await loadFixture(joinedRound);
      const signature = await signUpdate(ctx, ctx.alice, ctx.round.id, H1, 120n);
      const tx = await ctx.registry
        .connect(ctx.relayer)
        .commit(ctx.round.id, H1, 120n, ctx.alice.address, signature);
      const receipt = await tx.wait();
      console.log(`      commit gas: ${receipt.gasUsed} (ceiling ${COMMIT_GAS_CEILING}, floor 43100)`);
      expect(Number(receipt.gasUsed)).to.be.at.most(COMMIT_GAS_CEILING);
      expect(await ctx.registry.getUpdateHash(ctx.round.id, ctx.alice.address)).to.equal(H1);
    });

    it("agrees with clients on the EIP-712 digest", async function () {
      const ctx = await loadFixture(joinedRound);
      const domain = {
        name: "D2ORA",
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await ctx.registry.getAddress(),
      };
      const value = { roundId: 1n, updateHash: H1, numSamples: 7n, baseModelHash: BASE };
      const expected = ethers.TypedDataEncoder.hash(domain, UPDATE_TYPES, value);
      expect(await ctx.registry.updateDigest(1n, H1, 7n, BASE)).to.equal(expected);
      expect(await ctx.registry.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(domain));
    });

    it("rejects a second commitment by the same signer", async function () {
      const ctx = await loadFixture(joinedRound);
      await commitUpdate(ctx, ctx.alice, ctx.round.id, H1, 1n);
      await expect(commitUpdate(ctx, ctx.alice, ctx.round.id, H2, 1n))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyCommitted")
        .withArgs(ctx.round.id, ctx.alice.address);
    });

    it("rejects a signer who has not joined, and an unknown round", async function () {
      const ctx = await loadFixture(joinedRound);
      await expect(commitUpdate(ctx, ctx.carol, ctx.round.id, H1, 1n))
        .to.be.revertedWithCustomError(ctx.registry, "NotJoined")
        .withArgs(ctx.round.id, ctx.carol.address);
      await expect(commitUpdate(ctx, ctx.alice, 7n, H1, 1n))
        .to.be.revertedWithCustomError(ctx.registry, "NotJoined")
        .withArgs(7n, ctx.alice.address);
    });

    it("rejects a commitment at or after the commit deadline", async function () {
      const ctx = await loadFixture(joinedRound);
      const deadline = ctx.round.params.commitDeadline;
      const signature = await signUpdate(ctx, ctx.alice, ctx.round.id, H1, 1n);
      await time.setNextBlockTimestamp(deadline);
      await expect(ctx.registry.commit(ctx.round.id, H1, 1n, ctx.alice.address, signature))
        .to.be.revertedWithCustomError(ctx.registry, "CommitClosed")
        .withArgs(ctx.round.id, deadline, deadline);
    });

    it("rejects zero samples", async function () {
      const ctx = await loadFixture(joinedRound);
      await expect(commitUpdate(ctx, ctx.alice, ctx.round.id, H1, 0n)).to.be.revertedWithCustomError(
        ctx.registry,
        "ZeroSamples",
      );
    });

    it("rejects a malformed signature", async function () {
      const ctx = await loadFixture(joinedRound);
      await expect(ctx.registry.commit(ctx.round.id, H1, 1n, ctx.alice.address, "0x1234"))
        .to.be.revertedWithCustomError(ctx.registry, "InvalidSignature")
        .withArgs(ctx.alice.address, ethers.ZeroAddress);
    });

    it("rejects a signature by someone other than the named signer", async function () {
      const ctx = await loadFixture(joinedRound);
      const signature = await signUpdate(ctx, ctx.bob, ctx.round.id, H1, 1n);
      await expect(ctx.registry.commit(ctx.round.id, H1, 1n, ctx.alice.address, signature))
        .to.be.revertedWithCustomError(ctx.registry, "InvalidSignature")
        .withArgs(ctx.alice.address, ctx.bob.address);
    });

    it("rejects a signature over different values than submitted", async function () {
      const ctx = await loadFixture(joinedRound);
      const signature = await signUpdate(ctx, ctx.alice, ctx.round.id, H1, 10n);
      for (const [hash, samples] of [
        [H2, 10n],
        [H1, 11n],
      ]) {
        await expect(
          ctx.registry.commit(ctx.round.id, hash, samples, ctx.alice.address, signature),
        ).to.be.revertedWithCustomError(ctx.registry, "InvalidSignature");
      }
    });

    it("rejects replays from another round, chain, contract or base model", async function () {
      const ctx = await loadFixture(joinedRound);
      const second = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).join(second.id);
      const id = ctx.round.id;
      const replays = [
        await signUpdate(ctx, ctx.alice, second.id, H1, 5n),
        await signUpdate(ctx, ctx.alice, id, H1, 5n, { chainId: 1n }),
        await signUpdate(ctx, ctx.alice, id, H1, 5n, { verifyingContract: await ctx.token.getAddress() }),
        await signUpdate(ctx, ctx.alice, id, H1, 5n, { baseModelHash: ethers.id("other base") }),
      ];
      for (const signature of replays) {
        await expect(
          ctx.registry.commit(id, H1, 5n, ctx.alice.address, signature),
        ).to.be.revertedWithCustomError(ctx.registry, "InvalidSignature");
      }
      // The signature for the second round is valid there, and only there.
      await expect(ctx.registry.commit(second.id, H1, 5n, ctx.alice.address, replays[0])).to.emit(
        ctx.registry,
        "UpdateCommitted",
      );
    });
  });

  describe("finalize and settle", function () {
    async function committedRound() {
      const ctx = await deployRegistry();
      const round = await createRound(ctx);
      await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob, ctx.carol]);
      await commitUpdate(ctx, ctx.alice, round.id, H1, 100n);
      await commitUpdate(ctx, ctx.bob, round.id, H2, 200n);
      return { ...ctx, round };
    }

    it("finalizes with the included signers and emits RoundFinalized", async function () {
      const ctx = await loadFixture(committedRound);
      const { id, params } = ctx.round;
      const included = sortAddresses(ctx.alice, ctx.bob);
      const aggregate = ethers.id("aggregate");
      await time.increaseTo(params.commitDeadline);
      expect(await ctx.registry.phaseOf(id)).to.equal(3n);
      await expect(ctx.registry.connect(ctx.aggregator).finalize(id, aggregate, included))
        .to.emit(ctx.registry, "RoundFinalized")
        .withArgs(id, aggregate, included, 300n);
      const r = await ctx.registry.getRound(id);
      expect(r.aggregateHash).to.equal(aggregate);
      expect(r.includedSamples).to.equal(300n);
      expect(r.finalizedBlock).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      expect((await ctx.registry.getParticipant(id, ctx.alice.address)).included).to.equal(true);
      expect((await ctx.registry.getParticipant(id, ctx.carol.address)).included).to.equal(false);
      expect(await ctx.registry.phaseOf(id)).to.equal(4n);
    });

    it("rejects finalization by anyone but the aggregator", async function () {
      const ctx = await loadFixture(committedRound);
      await time.increaseTo(ctx.round.params.commitDeadline);
      await expect(ctx.registry.connect(ctx.alice).finalize(ctx.round.id, H1, []))
        .to.be.revertedWithCustomError(ctx.registry, "NotAggregator")
        .withArgs(ctx.aggregator.address, ctx.alice.address);
    });

    it("rejects finalization before the commit deadline or from the finalize deadline on", async function () {
      const ctx = await loadFixture(committedRound);
      const { id, params } = ctx.round;
      const agg = ctx.registry.connect(ctx.aggregator);
      const now = BigInt(await time.latest());
      await expect(agg.finalize(id, H1, []))
        .to.be.revertedWithCustomError(ctx.registry, "CommitPhaseNotOver")
        .withArgs(id, params.commitDeadline, now + 1n);
      await time.setNextBlockTimestamp(params.finalizeDeadline);
      await expect(agg.finalize(id, H1, []))
        .to.be.revertedWithCustomError(ctx.registry, "FinalizeClosed")
        .withArgs(id, params.finalizeDeadline, params.finalizeDeadline);
      await time.increaseTo(params.finalizeDeadline);
      expect(await ctx.registry.phaseOf(id)).to.equal(5n);
    });

    it("rejects a second finalization", async function () {
      const ctx = await loadFixture(committedRound);
      await time.increaseTo(ctx.round.params.commitDeadline);
      const agg = ctx.registry.connect(ctx.aggregator);
      await agg.finalize(ctx.round.id, H1, []);
      await expect(agg.finalize(ctx.round.id, H1, []))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadyFinalized")
        .withArgs(ctx.round.id);
    });

    it("rejects included lists out of order, with duplicates, or with uncommitted signers", async function () {
      const ctx = await loadFixture(committedRound);
      const { id, params } = ctx.round;
      await time.increaseTo(params.commitDeadline);
      const agg = ctx.registry.connect(ctx.aggregator);
      const sorted = sortAddresses(ctx.alice, ctx.bob);
      await expect(agg.finalize(id, H1, [sorted[1], sorted[0]]))
        .to.be.revertedWithCustomError(ctx.registry, "IncludedNotAscending")
        .withArgs(1n);
      await expect(agg.finalize(id, H1, [sorted[0], sorted[0]]))
        .to.be.revertedWithCustomError(ctx.registry, "IncludedNotAscending")
        .withArgs(1n);
      await expect(agg.finalize(id, H1, [ctx.carol.address]))
        .to.be.revertedWithCustomError(ctx.registry, "NotIncludable")
        .withArgs(id, ctx.carol.address);
    });

    it("pays the pool pro rata to included samples, forfeits absentees and refunds the remainder", async function () {
      const ctx = await loadFixture(committedRound);
      const { id, params } = ctx.round;
      await time.increaseTo(params.commitDeadline);
      await ctx.registry.connect(ctx.aggregator).finalize(id, H1, sortAddresses(ctx.alice, ctx.bob));
      // Pool 30 + carol's forfeit (10% of 100 = 10) = 40, split 100:200 between alice and bob.
      const penalty = MIN_STAKE / 10n;
      const pool = POOL + penalty;
      const aliceReward = (pool * 100n) / 300n;
      const bobReward = (pool * 200n) / 300n;
      const refund = pool - aliceReward - bobReward;
      const tx = ctx.registry.settle(id);
      await expect(tx).to.emit(ctx.registry, "Forfeited").withArgs(id, ctx.carol.address, penalty);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(id, ctx.alice.address, aliceReward);
      await expect(tx).to.emit(ctx.registry, "RewardPaid").withArgs(id, ctx.bob.address, bobReward);
      await expect(tx).to.emit(ctx.registry, "RoundSettled").withArgs(id, aliceReward + bobReward, refund);
      expect((await ctx.registry.getStake(ctx.alice.address)).staked).to.equal(MIN_STAKE + aliceReward);
      expect((await ctx.registry.getStake(ctx.bob.address)).staked).to.equal(MIN_STAKE + bobReward);
      const carol = await ctx.registry.getStake(ctx.carol.address);
      expect([carol.staked, carol.activeRounds]).to.deep.equal([MIN_STAKE - penalty, 0n]);
      expect((await ctx.registry.getParticipant(id, ctx.carol.address)).status).to.equal(3n);
      expect(await ctx.registry.phaseOf(id)).to.equal(6n);
      await expect(ctx.registry.settle(id))
        .to.be.revertedWithCustomError(ctx.registry, "AlreadySettled")
        .withArgs(id);
    });

    it("sends the rounding remainder back to the creator", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id, params } = await createRound(ctx, { rewardPool: 10n, minStake: 0n });
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) await ctx.registry.connect(s).join(id);
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) await commitUpdate(ctx, s, id, H1, 1n);
      await time.increaseTo(params.commitDeadline);
      await ctx.registry.connect(ctx.aggregator).finalize(id, H2, sortAddresses(ctx.alice, ctx.bob, ctx.carol));
      const sent = ctx.registry.settle(id);
      await expect(sent)
        .to.emit(ctx.registry, "RoundSettled")
        .withArgs(id, 9n, 1n);
      await expect(sent).to.changeTokenBalances(ethers, ctx.token, [ctx.owner, ctx.registry], [1n, -1n]);
    });

    it("refunds the whole pool of an expired round and releases every stake", async function () {
      const ctx = await loadFixture(committedRound);
      const { id, params } = ctx.round;
      await expect(ctx.registry.settle(id))
        .to.be.revertedWithCustomError(ctx.registry, "SettleTooEarly")
        .withArgs(id, params.finalizeDeadline, BigInt(await time.latest()) + 1n);
      await time.increaseTo(params.finalizeDeadline);
      const penalty = MIN_STAKE / 10n;
      const sent = ctx.registry.settle(id);
      await expect(sent)
        .to.emit(ctx.registry, "RoundSettled")
        .withArgs(id, 0n, POOL + penalty);
      await expect(sent).to.changeTokenBalances(ethers, ctx.token, [ctx.owner], [POOL + penalty]);
      for (const s of [ctx.alice, ctx.bob, ctx.carol]) {
        expect((await ctx.registry.getStake(s.address)).activeRounds).to.equal(0n);
      }
    });

    it("rejects settling an unknown round", async function () {
      const ctx = await loadFixture(deployRegistry);
      await expect(ctx.registry.settle(3n)).to.be.revertedWithCustomError(ctx.registry, "UnknownRound");
    });

    it("reports phase None for an unknown round and Joining before the join deadline", async function () {
      const ctx = await loadFixture(deployRegistry);
      expect(await ctx.registry.phaseOf(1n)).to.equal(0n);
      const { id, params } = await createRound(ctx);
      expect(await ctx.registry.phaseOf(id)).to.equal(1n);
      await time.increaseTo(params.joinDeadline);
      expect(await ctx.registry.phaseOf(id)).to.equal(2n);
    });
  });
});
