// Linux accepts a netdev name of 1-15 bytes without '/', ':' or whitespace (dev_valid_name). Names read from a host
// are checked against the same rule before they are trusted as map keys or shown to the user.
export function isValidInterfaceName(name: string): boolean {
  return /^[^\s/:]{1,15}$/.test(name) && name !== '.' && name !== '..';
}
