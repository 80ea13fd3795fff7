// The Ignition modules scripts/devnet.sh deploys with, run in-process: a devnet they bring up runs a whole round.
import { expect } from "chai";
import { network } from "hardhat";
import DevnetStake from "../../ignition/modules/DevnetStake.js";
import { DEVNET_ACCOUNTS } from "../../ignition/modules/Devnet.js";
import { ethers, time, loadFixture, roundParams, signUpdate, sortAddresses, setHash, signAttestation } from "./fixture.js";

const TOKEN = 10n ** 18n;
const { ignition } = await network.getOrCreate();

async function devnet() {
  const stakeAmount = 100n * TOKEN;
  const { token, registry } = await ignition.deploy(DevnetStake, { parameters: { DevnetStake: { stakeAmount } } });
  const signers = (await ethers.getSigners()).slice(0, DEVNET_ACCOUNTS);
  return { token, registry, signers, stakeAmount };
}

describe("Ignition: the devnet modules", function () {
  it("mint to and stake for every devnet account, with the devnet's unbonding delay", async function () {
    const { token, registry, signers, stakeAmount } = await loadFixture(devnet);
    expect(await registry.stakeToken()).to.equal(await token.getAddress());
    expect(await registry.unbondingDelay()).to.equal(60n);
    for (const s of signers) {
      expect(await token.balanceOf(s.address)).to.equal(10_000n * TOKEN - stakeAmount);
      const stake = await registry.getStake(s.address);
      expect([stake.staked, stake.reserved]).to.deep.equal([stakeAmount, 0n]);
    }
  });

  it("bring up a registry on which a round finalizes by quorum and settles", async function () {
    const { registry, signers } = await loadFixture(devnet);
    const [creator, ...peers] = signers.slice(0, 4);
    const ctx = { registry, aggregator: creator };
    await registry.connect(creator).createRound(await roundParams(ctx, { minStake: 10n * TOKEN, rewardPool: 0n }));
    const id = await registry.roundCount();
    for (const p of peers) await registry.connect(p).join(id);
    for (const p of peers) {
      const hash = ethers.id(`update of ${p.address}`);
      await registry.connect(p).commit(id, hash, 10n, p.address, await signUpdate(ctx, p, id, hash, 10n));
    }
    await time.increaseTo((await registry.getRound(id)).commitDeadline);
    const included = sortAddresses(...peers);
    const aggregate = ethers.id("aggregate");
    await registry.connect(creator).propose(id, aggregate, included);
    for (const p of peers) {
      const signature = await signAttestation(ctx, p, id, aggregate, setHash(included));
      await registry.connect(creator).attest(id, aggregate, setHash(included), p.address, signature);
    }
    await expect(registry.settle(id)).to.emit(registry, "RoundSettled");
    for (const p of peers) expect(await registry.freeStake(p.address)).to.equal(100n * TOKEN);
  });
});
