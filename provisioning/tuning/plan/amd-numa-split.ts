// On multi-node AMD EPYC hosts the Suricata guide keeps the NIC's interrupts on the NIC's node and runs the
// workers on the other nodes (cluster_flow), rather than crowding one small die. Intel hosts, and AMD hosts
// with a single node, keep everything on the NIC's node.

export function usesAmdNumaSplit(vendor: string, nodesWithCpus: number): boolean {
  return vendor === 'AuthenticAMD' && nodesWithCpus > 1;
}
