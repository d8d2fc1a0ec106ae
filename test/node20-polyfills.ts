/**
 * Vitest 5 declares Node 22+ and its reporters call Map.groupBy / Object.groupBy, which Node 20 (this
 * project's machines) lacks. Loaded by vitest.config.ts so that `npm test` reports failures on Node 20.
 */
type GroupBy = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
const mapCtor = Map as unknown as { groupBy?: GroupBy };
if (typeof mapCtor.groupBy !== 'function') {
  mapCtor.groupBy = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> => {
    const groups = new Map<K, T[]>();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    return groups;
  };
}
const objectCtor = Object as unknown as {
  groupBy?: (
    items: Iterable<unknown>,
    key: (item: unknown, i: number) => PropertyKey,
  ) => Record<PropertyKey, unknown[]>;
};
if (typeof objectCtor.groupBy !== 'function') {
  objectCtor.groupBy = (items, key) => {
    const groups: Record<PropertyKey, unknown[]> = Object.create(null);
    let i = 0;
    for (const item of items) (groups[key(item, i++)] ??= []).push(item);
    return groups;
  };
}
export {};
