/**
 * One statement's shape with its values left out, so a statement the database reports can be found among
 * the SQL strings of the code: `WHERE status = 'paid' AND id = $1` in code and `WHERE status = $2 AND id =
 * $1` in pg_stat_statements (or ``WHERE `status` = ? AND `id` = ?`` in MySQL's digest) have one fingerprint.
 * Comments, literals, numbers, placeholders (`$1`, `?`, `:name`, `${…}` holes), identifier quotes, case,
 * spacing, a final `;` and a `PREPARE name AS` before it do not count; a run of values (`IN (1, 2)`,
 * MySQL's `IN (...)` and `VALUES (?, ..., NOW())`) is one value.
 */
export function fingerprint(sql: string): string {
  let s = sql
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/--[^\n]*/g, " ")
    // pg_stat_statements keeps `PREPARE name AS …` as the text of a statement prepared in SQL
    .replace(/^\s*prepare\s+\w+\s*(\([^)]*\))?\s+as\s+/i, "")
    .replace(/\$\{…\}/g, " ? ")
    // strings, left to right (E'…', N'…', '' escapes); a backslash escape is read as MySQL writes it
    .replace(/(?:\b[EeNn])?'(?:[^'\\]|''|\\.)*'/g, " ? ")
    .replace(/\$\d+/g, " ? ")
    .replace(/(?<![:\w]):[A-Za-z_]\w*/g, " ? ")
    .replace(/[`"]/g, "")
    .toLowerCase()
    .replace(/(?<![\w.])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/g, " ? ")
    .replace(/\b(true|false)\b/g, " ? ");
  s = s.replace(/\s+/g, " ").replace(/\s*([(),=<>+\-*/.;:[\]|!@%^&~])\s*/g, "$1").trim();
  // A run of values is one value, however long: `(?,?,?)`, MySQL's `(...)` and its `?, ...` before
  // another expression (`VALUES (?, ..., NOW())`).
  s = s.replace(/\(\.\.\.\)/g, "(?)").replace(/\?(?:,\?)*(?:,\.\.\.)?/g, "?…");
  return s.replace(/;+$/, "");
}
