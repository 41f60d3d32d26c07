/** Appends `value` to the list `map` holds under `key` (a new list when it holds none), in place: a loop that groups n values stays linear. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
