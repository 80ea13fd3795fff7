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
  MIN_STAKE,
  POOL,
  BASE,
  CONFIG,
  SAMPLE_CAP,
  UPDATE_TYPES,
  Status,
  Phase,
  Seat,
  pinNextBlockTime,
} from "./fixture.js";

const H1 = ethers.id("update 1");
const H2 = ethers.id("update 2");
// DESIGN.md: a commit with its signature check within 15% of 21,000 + one cold slot (22,100).
const COMMIT_GAS_CEILING = Math.floor((21_000 + 22_100) * 1.15);
const DAY = 86_400n;

describe("D2oraRegistry: rounds", function () {
  describe("createRound", function () {
    it("stores the round, takes the pool and emits RoundCreated", async function () {
      const ctx = await loadFixture(deployRegistry);
      const p = await roundParams(ctx, { quorumBps: 7_500 });
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
          SAMPLE_CAP,
          7_500,
          POOL,
        );
      await expect(sent).to.changeTokenBalances(ethers, ctx.token, [ctx.owner, ctx.registry], [-POOL, POOL]);
      const r = await ctx.registry.getRound(1n);
      expect([r.baseModelHash, r.configHash, r.creator, r.aggregator]).to.deep.equal([
        BASE,
        CONFIG,
        ctx.owner.address,
        ctx.aggregator.address,
      ]);
      expect([r.joinDeadline, r.commitDeadline, r.finalizeDeadline]).to.deep.equal([
        p.joinDeadline,
        p.commitDeadline,
        p.finalizeDeadline,
      ]);
      expect([r.minStake, r.maxParticipants, r.sampleCap, r.quorumBps]).to.deep.equal([MIN_STAKE, 4n, 1000n, 7500n]);
      expect([r.status, r.rewardPool, r.forfeitPool]).to.deep.equal([Status.Open, POOL, 0n]);
      expect(r.createdBlock).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      expect(await ctx.registry.phaseOf(1n)).to.equal(Phase.Joining);
    });

    it("uses two thirds when the quorum is left at zero, and accepts an unfunded round", async function () {
      const ctx = await loadFixture(deployRegistry);
      await createRound(ctx, { rewardPool: 0n });
      const r = await ctx.registry.getRound(1n);
      expect([r.quorumBps, r.rewardPool]).to.deep.equal([6_666n, 0n]);
      expect(await ctx.registry.DEFAULT_QUORUM_BPS()).to.equal(6_666n);
    });

    for (const [name, change] of [
      ["join deadline not in the future", (p, now) => ({ ...p, joinDeadline: now })],
      ["commit before join", (p) => ({ ...p, commitDeadline: p.joinDeadline - 1n })],
      ["finalize before commit", (p) => ({ ...p, finalizeDeadline: p.commitDeadline - 1n })],
    ]) {
      it(`rejects deadlines: ${name}`, async function () {
        const ctx = await loadFixture(deployRegistry);
        const p = change(await roundParams(ctx), BigInt(await time.latest()) + 1n);
        const now = await pinNextBlockTime();
        await expect(ctx.registry.createRound(p))
          .to.be.revertedWithCustomError(ctx.registry, "InvalidDeadlines")
          .withArgs(now, p.joinDeadline, p.commitDeadline, p.finalizeDeadline);
      });
    }

    it("rejects a commit window shorter than MIN_COMMIT_WINDOW (no time to train)", async function () {
      const ctx = await loadFixture(deployRegistry);
      const p = await roundParams(ctx);
      for (const window of [0n, 59n]) {
        await expect(ctx.registry.createRound({ ...p, commitDeadline: p.joinDeadline + window }))
          .to.be.revertedWithCustomError(ctx.registry, "CommitWindowTooShort")
          .withArgs(window, 60n);
      }
      await ctx.registry.createRound({ ...p, commitDeadline: p.joinDeadline + 60n });
    });

    it("rejects a finalize window below the minimum or above the maximum", async function () {
      const ctx = await loadFixture(deployRegistry);
      const p = await roundParams(ctx);
      for (const window of [0n, 59n, 7n * DAY + 1n]) {
        await expect(ctx.registry.createRound({ ...p, finalizeDeadline: p.commitDeadline + window }))
          .to.be.revertedWithCustomError(ctx.registry, "FinalizeWindowOutOfRange")
          .withArgs(window, 60n, 7n * DAY);
      }
      await ctx.registry.createRound({ ...p, finalizeDeadline: p.commitDeadline + 7n * DAY });
    });

    it("rejects a round that would hold stakes longer than MAX_ROUND_DURATION", async function () {
      const ctx = await loadFixture(deployRegistry);
      const now = BigInt(await time.latest()) + 10n;
      const joinDeadline = now + 30n * DAY - 1000n;
      const p = await roundParams(ctx, { joinDeadline, commitDeadline: joinDeadline + 500n });
      await time.setNextBlockTimestamp(now);
      await expect(ctx.registry.createRound({ ...p, finalizeDeadline: now + 30n * DAY + 1n }))
        .to.be.revertedWithCustomError(ctx.registry, "RoundTooLong")
        .withArgs(30n * DAY + 1n, 30n * DAY);
      await time.setNextBlockTimestamp(now + 1n);
      await ctx.registry.createRound({ ...p, finalizeDeadline: now + 1n + 30n * DAY });
    });

    it("rejects a zero minimum stake", async function () {
      const ctx = await loadFixture(deployRegistry);
      await expect(
        ctx.registry.createRound(await roundParams(ctx, { minStake: 0n })),
      ).to.be.revertedWithCustomError(ctx.registry, "ZeroMinStake");
    });

    it("rejects a participant cap of zero or above 256", async function () {
      const ctx = await loadFixture(deployRegistry);
      for (const cap of [0, 257]) {
        await expect(ctx.registry.createRound(await roundParams(ctx, { maxParticipants: cap })))
          .to.be.revertedWithCustomError(ctx.registry, "InvalidParticipantCap")
          .withArgs(cap, 256);
      }
      await ctx.registry.createRound(await roundParams(ctx, { maxParticipants: 256 }));
    });

    it("rejects a sample cap of zero or above MAX_SAMPLE_CAP", async function () {
      const ctx = await loadFixture(deployRegistry);
      for (const cap of [0, 1_000_000_001]) {
        await expect(ctx.registry.createRound(await roundParams(ctx, { sampleCap: cap })))
          .to.be.revertedWithCustomError(ctx.registry, "InvalidSampleCap")
          .withArgs(cap, 1_000_000_000);
      }
    });

    it("rejects a quorum at or below half, or above 100%", async function () {
      const ctx = await loadFixture(deployRegistry);
      for (const bps of [1, 5_000, 10_001]) {
        await expect(ctx.registry.createRound(await roundParams(ctx, { quorumBps: bps })))
          .to.be.revertedWithCustomError(ctx.registry, "InvalidQuorum")
          .withArgs(bps, 5_001, 10_000);
      }
      await ctx.registry.createRound(await roundParams(ctx, { quorumBps: 5_001 }));
      await ctx.registry.createRound(await roundParams(ctx, { quorumBps: 10_000 }));
    });

    it("rejects a zero aggregator", async function () {
      const ctx = await loadFixture(deployRegistry);
      await expect(
        ctx.registry.createRound(await roundParams(ctx, { aggregator: ethers.ZeroAddress })),
      ).to.be.revertedWithCustomError(ctx.registry, "ZeroAddress");
    });
  });

  describe("join", function () {
    it("adds the caller, reserves the minimum stake and emits Joined", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id } = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE + 5n);
      await expect(ctx.registry.connect(ctx.alice).join(id))
        .to.emit(ctx.registry, "Joined")
        .withArgs(id, ctx.alice.address, 0, MIN_STAKE);
      const block = await ethers.provider.getBlock("latest");
      expect(await ctx.registry.getParticipants(id)).to.deep.equal([ctx.alice.address]);
      const p = await ctx.registry.getParticipant(id, ctx.alice.address);
      expect([p.status, p.index, p.reservedStake, p.released]).to.deep.equal([Seat.Joined, 0n, MIN_STAKE, false]);
      expect([p.joinBlock, p.joinTime]).to.deep.equal([BigInt(block.number), BigInt(block.timestamp)]);
      expect(await ctx.registry.getUpdateHash(id, ctx.alice.address)).to.equal(ethers.ZeroHash);
      const stake = await ctx.registry.getStake(ctx.alice.address);
      expect([stake.staked, stake.reserved]).to.deep.equal([MIN_STAKE + 5n, MIN_STAKE]);
      expect(await ctx.registry.freeStake(ctx.alice.address)).to.equal(5n);
      expect((await ctx.registry.getRound(id)).participantCount).to.equal(1n);
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
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE);
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

    it("rejects a join whose free stake does not cover the minimum stake", async function () {
      const ctx = await loadFixture(deployRegistry);
      const { id } = await createRound(ctx);
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE - 1n);
      await expect(ctx.registry.connect(ctx.alice).join(id))
        .to.be.revertedWithCustomError(ctx.registry, "InsufficientStake")
        .withArgs(MIN_STAKE, MIN_STAKE - 1n);
    });
  });

  describe("commit", function () {
    async function joinedRound() {
      const ctx = await deployRegistry();
      const round = await createRound(ctx);
      await stakeAndJoin(ctx, round.id, [ctx.alice, ctx.bob]);
      return { ...ctx, round };
    }

    it("records a signed update with its block and time, and emits UpdateCommitted", async function () {
      const ctx = await loadFixture(joinedRound);
      const id = ctx.round.id;
      await expect(commitUpdate(ctx, ctx.alice, id, H1, 120n))
        .to.emit(ctx.registry, "UpdateCommitted")
        .withArgs(id, ctx.alice.address, H1, 120n);
      const block = await ethers.provider.getBlock("latest");
      const p = await ctx.registry.getParticipant(id, ctx.alice.address);
      expect([p.status, p.numSamples]).to.deep.equal([Seat.Committed, 120n]);
      expect([p.commitBlock, p.commitTime]).to.deep.equal([BigInt(block.number), BigInt(block.timestamp)]);
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
      expect(await ctx.registry.UPDATE_TYPEHASH()).to.equal(
        ethers.id("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)"),
      );
    });

    it("accepts exactly the round's sample cap and rejects one more", async function () {
      const ctx = await loadFixture(joinedRound);
      const id = ctx.round.id;
      await expect(commitUpdate(ctx, ctx.bob, id, H1, BigInt(SAMPLE_CAP) + 1n))
        .to.be.revertedWithCustomError(ctx.registry, "SamplesAboveCap")
        .withArgs(BigInt(SAMPLE_CAP) + 1n, SAMPLE_CAP);
      await expect(commitUpdate(ctx, ctx.bob, id, H1, BigInt(SAMPLE_CAP))).to.emit(ctx.registry, "UpdateCommitted");
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
      await ctx.registry.connect(ctx.alice).stake(MIN_STAKE);
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

  describe("phases", function () {
    it("walks None, Joining, Committing, Finalizing, Expired and Refunded", async function () {
      const ctx = await loadFixture(deployRegistry);
      expect(await ctx.registry.phaseOf(1n)).to.equal(Phase.None);
      const { id, params } = await createRound(ctx);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Joining);
      await time.increaseTo(params.joinDeadline);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Committing);
      await time.increaseTo(params.commitDeadline);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Finalizing);
      await time.increaseTo(params.finalizeDeadline);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Expired);
      await ctx.registry.settle(id);
      expect(await ctx.registry.phaseOf(id)).to.equal(Phase.Refunded);
    });
  });
});
