import { ts } from "#ts";
import type { OrmRecord, Source } from "./source.js";
import { calleePath, objectKeys, objectProperty } from "./ts-helpers.js";
import { listArgument, parsePrismaSchema, stringArgument, type PrismaBlock, type PrismaField } from "./prisma-schema.js";

/*
 * Prisma — https://www.prisma.io/docs/orm/prisma-schema/data-model/models,
 * https://www.prisma.io/docs/orm/prisma-schema/data-model/relations
 * The schema files the project points to (prisma-files.ts), read by a real parser (prisma-schema.ts):
 * models and views, @@map / @@schema, relation fields paired with their opposite side (by relation name,
 * self-relations included): the side with @relation(fields: …) holds the foreign key; two list sides with
 * no fields are an implicit many-to-many with its join table `_<relation name>` (default name: the two
 * models in alphabetical order joined by "To"). Client use: prisma.<model>.<method>() with include/select
 * as joins, inside $transaction too; $queryRaw is SQL and read by the SQL scanner.
 */

const SCALARS = new Set(["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes", "Unsupported"]);
const READS = new Set(["findMany", "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "count", "aggregate", "groupBy"]);
const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);

export const prisma: Source = {
  id: "prisma",
  title: "Prisma",
  docs: "https://www.prisma.io/docs/orm/prisma-schema",
  enablers: ["@prisma/client", "prisma"],
  schemaFile: /\.prisma$/,

  readSchemaFile(path, text, emit) {
    for (const r of prismaRecords([{ path, blocks: parsePrismaSchema(text) }])) emit(r);
  },

  visit(node, ctx) {
    if (!ts.isCallExpression(node)) return;
    const path = calleePath(node.expression);
    if (!path || path.length < 3) return;
    const method = path[path.length - 1];
    const mode = READS.has(method) ? "read" : WRITES.has(method) ? "write" : null;
    if (!mode) return;
    const accessor = path[path.length - 2];
    if (!/^[a-z]/.test(accessor) || accessor.startsWith("$")) return;
    const entity = accessor[0].toUpperCase() + accessor.slice(1);
    const args = node.arguments[0];
    const joins = [...new Set([...objectKeys(objectProperty(args, "include")), ...relationKeys(objectProperty(args, "select"))])].map((p) => ({ viaProperty: p }));
    ctx.emit({ kind: "use", source: "prisma", entity, mode, joins, file: ctx.path, line: ctx.lineOf((node.expression as ts.PropertyAccessExpression).name), scope: ctx.scope() });
  },
};

/** select: { user: true, total: true } — only nested selections ({ … }) or `true` on relations join; keep all, unknown ones resolve to nothing. */
function relationKeys(select: ts.Expression | undefined): string[] {
  if (!select || !ts.isObjectLiteralExpression(select)) return [];
  return select.properties.flatMap((p) =>
    ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && (ts.isObjectLiteralExpression(p.initializer) || p.initializer.kind === ts.SyntaxKind.TrueKeyword) ? [p.name.text] : [],
  );
}

interface RelationField {
  model: string;
  field: PrismaField;
  file: string;
  /** @relation's name ("" when none). */
  relation: string;
  owner: boolean;
}

/**
 * Entity and relation records of a whole schema (all its files at once, since a relation's two sides may
 * sit in different files).
 */
export function prismaRecords(files: Array<{ path: string; blocks: PrismaBlock[] }>): OrmRecord[] {
  const out: OrmRecord[] = [];
  const blocks = files.flatMap((f) => f.blocks.map((b) => ({ ...b, file: f.path })));
  const models = new Set(blocks.filter((b) => b.kind === "model" || b.kind === "view").map((b) => b.name));
  const relations: RelationField[] = [];
  for (const b of blocks) {
    if (b.kind !== "model" && b.kind !== "view") continue;
    const attr = (name: string) => b.blockAttributes.find((a) => a.name === name);
    const map = attr("map") && (stringArgument(attr("map")!.args) ?? stringArgument(attr("map")!.args, "name"));
    const schema = attr("schema") && stringArgument(attr("schema")!.args);
    out.push({ kind: "entity", source: "prisma", entity: b.name, table: `${schema ? `${schema}.` : ""}${map ?? b.name}`, file: b.file, line: b.line });
    for (const field of b.fields) {
      if (!models.has(field.type) || SCALARS.has(field.type)) continue;
      const rel = field.attributes.find((a) => a.name === "relation");
      const relation = rel ? (stringArgument(rel.args) ?? stringArgument(rel.args, "name") ?? "") : "";
      relations.push({ model: b.name, field, file: b.file, relation, owner: !!rel && listArgument(rel.args, "fields") !== undefined });
    }
  }
  for (const r of relations) {
    const opposite = relations.find((o) => o !== r && o.model === r.field.type && o.field.type === r.model && o.relation === r.relation);
    const rec: OrmRecord = { kind: "relation", source: "prisma", entity: r.model, target: r.field.type, property: r.field.name, owner: r.owner, file: r.file, line: r.field.line };
    // Implicit many-to-many: both sides lists, neither holds keys; the join table is declared once.
    if (r.field.list && !r.owner && opposite?.field.list && !opposite.owner && relations.indexOf(r) < relations.indexOf(opposite)) {
      rec.joinTable = `_${r.relation || [r.model, r.field.type].sort(compareNames).join("To")}`;
    }
    out.push(rec);
  }
  return out;
}

const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
