// What the host runs on decides which host-wide settings are Picket's to make: a container shares its host's
// kernel (no command line, no governor, no IRQ balancing of its own); a VM has its own kernel but usually no
// cpufreq or C-state control. Values are systemd-detect-virt's vocabulary, as the inventory records them.

export type VirtualizationKind = 'bare-metal' | 'vm' | 'container';

const CONTAINERS = new Set(['openvz', 'lxc', 'lxc-libvirt', 'systemd-nspawn', 'docker', 'podman', 'rkt', 'wsl', 'proot', 'pouch']);

export function virtualizationKind(virtualization: string): VirtualizationKind {
  if (virtualization === 'none') return 'bare-metal';
  return CONTAINERS.has(virtualization) ? 'container' : 'vm';
}
