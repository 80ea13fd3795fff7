// Registry on a network whose stake token already exists (pass stakeToken and unbondingDelay as parameters).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("Registry", (m) => {
  const stakeToken = m.getParameter("stakeToken");
  const unbondingDelay = m.getParameter("unbondingDelay", 7n * 24n * 3600n);
  const registry = m.contract("D2oraRegistry", [stakeToken, unbondingDelay]);
  return { registry };
});
