// Optional devnet step: every devnet account approves the registry and stakes `stakeAmount`.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import Devnet, { DEVNET_ACCOUNTS } from "./Devnet.js";

export default buildModule("DevnetStake", (m) => {
  const { token, registry } = m.useModule(Devnet);
  const stakeAmount = m.getParameter("stakeAmount", 1_000n * 10n ** 18n);
  for (let i = 0; i < DEVNET_ACCOUNTS; i++) {
    const from = m.getAccount(i);
    const approval = m.call(token, "approve", [registry, stakeAmount], { from, id: `approve_${i}` });
    m.call(registry, "stake", [stakeAmount], { from, id: `stake_${i}`, after: [approval] });
  }
  return { token, registry };
});
