/**
 * What JSON.parse says about a text it refuses, without the text: V8 quotes up to a few dozen characters of
 * the input ("Unexpected token 'A', "AKIA…" is not valid JSON"), which from a file a symlink or a hostile
 * repo planted may be a secret. Kept: the parser's own words and the line, when it gives a position.
 */
export function jsonError(text: string, err: unknown): { message: string; line?: number } {
  const raw = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(raw);
  const line = position ? lineAt(text, Number(position[1])) : undefined;
  // "Unexpected token 'A', "…" is not valid JSON" (or ', ..."…"... is not valid JSON'): the quoted input goes.
  const words = raw
    .replace(/, (\.\.\.)?".*$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/ is not valid JSON$/, "")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return { message: words.length > 80 ? "unexpected input" : words, line };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
