import { ts } from "ts-morph";
import type { OrmRecord, Source } from "./source.js";
import { calleePath, objectKeys, objectProperty } from "./ts-helpers.js";

/*
 * Prisma — https://www.prisma.io/docs/orm/prisma-schema/data-model/models,
 * https://www.prisma.io/docs/orm/prisma-schema/data-model/relations
 * schema.prisma (and multi-file schemas: every .prisma file): models, @@map / @@schema, relation fields
 * with @relation(fields: …) (the owning side), implicit many-to-many (two list sides: join table
 * `_AToB`, names in alphabetical order). Client use: prisma.<model>.<method>() with include/select as
 * joins, inside $transaction too; $queryRaw is SQL and read by the SQL scanner.
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
    const clean = text.replace(/\/\/[^\n]*/g, (m) => " ".repeat(m.length));
    const blockRe = /\b(model|view)\s+(\w+)\s*\{/g;
    const enums = new Set([...clean.matchAll(/\benum\s+(\w+)\s*\{/g)].map((m) => m[1]));
    for (let m = blockRe.exec(clean); m; m = blockRe.exec(clean)) {
      const model = m[2];
      const start = m.index + m[0].length;
      const end = clean.indexOf("}", start);
      const body = clean.slice(start, end < 0 ? clean.length : end);
      const lineAt = (offset: number) => clean.slice(0, offset).split("\n").length;
      const map = /@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(body)?.[1];
      const schema = /@@schema\(\s*"([^"]+)"/.exec(body)?.[1];
      const table = `${schema ? `${schema}.` : ""}${map ?? model}`;
      emit({ kind: "entity", source: "prisma", entity: model, table, file: path, line: lineAt(m.index) });
      let offset = start;
      for (const line of body.split("\n")) {
        const f = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
        if (f && !line.trim().startsWith("@@")) {
          const [, field, type, list, , attrs] = f;
          if (!SCALARS.has(type) && !enums.has(type) && /^[A-Z]/.test(type)) {
            const rec: OrmRecord = {
              kind: "relation",
              source: "prisma",
              entity: model,
              target: type,
              property: field,
              owner: /@relation\([^)]*\bfields\s*:/.test(attrs),
              file: path,
              line: lineAt(offset + line.search(/\S/)),
            };
            if (list) rec.list = true;
            emit(rec);
          }
        }
        offset += line.length + 1;
      }
    }
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
