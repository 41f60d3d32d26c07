/*
 * Medusa's link-modules compressName (link-modules/src/utils/compress-name.ts, simpleHash from
 * @medusajs/utils): a link table's name over 58 characters loses consecutive repeated words, then (still too
 * long) keeps four letters of each, and ends with a hash of the whole name. Its own module, as both the Medusa
 * source (names known whole) and the linker (names completed across files) apply it.
 */

/** A link table's name as Medusa stores it (the name given already in lower case, as link-modules does). */
export function compressName(name: string, limit = 58): string {
  if (name.length <= limit) return name.toLowerCase();
  let h = 5381;
  // simpleHash: `(hash << 5) + hash + code`, the shift on 32 bits, the sum not truncated.
  for (let i = 0; i < name.length; i++) h = (h << 5) + h + name.charCodeAt(i);
  const hash = h.toString(16).toLowerCase();
  const parts = name.toLowerCase().split("_").filter((p, i, all) => i === 0 || p !== all[i - 1]);
  let result = parts.join("_");
  if (result.length > limit) result = name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase().split("_").map((p) => p.substring(0, 4)).join("_");
  const diff = result.length + hash.length - limit;
  return diff > 0 ? result.slice(0, result.length - diff) + hash : (result + hash).toLowerCase();
}
