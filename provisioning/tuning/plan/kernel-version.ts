// `uname -r` → (major, minor), for features that need a minimum kernel. Distribution suffixes are ignored
// ("6.1.0-18-amd64", "5.14.0-427.el9.x86_64"); a string without a version yields null.

export function kernelVersion(release: string): readonly [number, number] | null {
  const match = /^(\d{1,3})\.(\d{1,3})/.exec(release.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** null when the release cannot be read: the caller decides what unknown means. */
export function kernelAtLeast(release: string, [major, minor]: readonly [number, number]): boolean | null {
  const version = kernelVersion(release);
  if (version === null) return null;
  return version[0] > major || (version[0] === major && version[1] >= minor);
}
