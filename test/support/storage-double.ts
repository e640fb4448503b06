/** A Web Storage double (sessionStorage's getItem/setItem) over a Map, for the page's stores outside a browser. */
export class StorageDouble {
  readonly items = new Map<string, string>();
  writes = 0;

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.writes++;
    this.items.set(key, value);
  }
}
