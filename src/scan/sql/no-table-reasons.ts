/**
 * Statements that rightly yield no table fact, each with the reason a person reads in the diagnostic.
 * Data, not code: the first pattern that matches the statement's start explains it. A statement that
 * yields nothing and matches none of these is a warning: something the scanner did not understand.
 */
const REASONS: Array<[RegExp, string]> = [
  [/^(set|reset|show)\b/i, "session setting"],
  [/^select\s+(pg_catalog\.)?set_config\s*\(/i, "session setting"],
  [/^(begin|start\s+transaction|commit|end|rollback|savepoint|release|abort)\b/i, "transaction control"],
  [/^create\s+(unique\s+)?index\b/i, "index on one table"],
  [/^(alter|drop)\s+index\b/i, "index change"],
  [/^alter\s+table\b[^;]*?\bowner\s+to\b/i, "ownership change"],
  [/^alter\s+table\b[^;]*?\badd\s+(constraint\s+\S+\s+)?(primary\s+key|unique|check|exclude)\b/i, "constraint within one table"],
  [/^alter\s+table\b[^;]*?\b(alter|add|drop|rename)\s+column\b/i, "column change"],
  [/^alter\s+table\b[^;]*?\balter\s+\S+\s+(set|drop|type)\b/i, "column change"],
  [/^alter\s+table\b[^;]*?\b(enable|disable)\s+(trigger|rule|row\s+level\s+security|keys)\b/i, "trigger, index or security switch"],
  [/^alter\s+table\b[^;]*?\b(replica\s+identity|cluster\s+on|set\s+(logged|unlogged|tablespace|schema|with|without)|inherit|no\s+inherit|engine\s*=|auto_increment\s*=|(default\s+)?charset|collate|comment\s*=)/i, "storage or table option"],
  [/^alter\s+table\b[^;]*?\bdrop\s+constraint\b/i, "dropped constraint that is not a known foreign key"],
  [/^create\s+(or\s+replace\s+)?(function|procedure)\b/i, "function body (dollar-quoted bodies are not read)"],
  [/^create\s+(or\s+replace\s+)?(constraint\s+)?trigger\b/i, "trigger definition"],
  [/^create\s+(type|domain|schema|extension|sequence|aggregate|operator|collation|language|role|user|publication|subscription|event\s+trigger|text\s+search|cast|rule|policy|server|user\s+mapping|statistics|conversion|access\s+method|tablespace|database)\b/i, "object that is not a table"],
  [/^alter\s+(sequence|function|procedure|type|domain|schema|extension|default\s+privileges|role|user|publication|subscription|database|aggregate|operator|collation|language|trigger|policy|server|statistics|text\s+search|event\s+trigger|materialized\s+view\s+\S+\s+owner|view\s+\S+\s+owner)\b/i, "object that is not a table"],
  [/^drop\s+(function|procedure|trigger|type|domain|sequence|extension|schema|role|user|policy|rule|aggregate|operator|publication|subscription|database)\b/i, "object that is not a table"],
  [/^comment\s+on\b/i, "comment"],
  [/^security\s+label\b/i, "security label"],
  [/^(grant|revoke)\b/i, "privileges"],
  [/^(use|lock|unlock|analyze|analyse|vacuum|notify|listen|unlisten|refresh|cluster|reindex|explain|pragma|checkpoint|discard|load|prepare|deallocate|execute|call|do)\b/i, "command that names no table relationship"],
  [/^select\s+(pg_catalog\.)?(setval|nextval|pg_\w+)\s*\(/i, "sequence or catalog function"],
  [/^select\s+[^;]*$/i, "SELECT without FROM: reads no table"],
];

/** Why a statement that yields no table fact is expected to, or null when it is not. */
export function noTableReason(text: string): string | null {
  const start = text.trimStart();
  for (const [pattern, reason] of REASONS) {
    if (pattern.test(start)) return reason;
  }
  return null;
}
