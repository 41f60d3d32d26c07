import { ts } from "#ts";
import type { Source, VisitContext } from "./source.js";
import { decoratorName, decoratorsOf, entityRef, objectProperty, snakeCase } from "./ts-helpers.js";
import { staticString } from "../code/static-string.js";

/*
 * MikroORM — https://mikro-orm.io/docs/defining-entities, https://mikro-orm.io/docs/relationships,
 * https://mikro-orm.io/docs/naming-strategy
 * Entities: @Entity() / @Entity({ tableName, schema }) imported from @mikro-orm/* (default table: the
 * UnderscoreNamingStrategy's snake_case of the class). Relations: @ManyToOne(() => B) / ({ entity: () => B })
 * (this entity holds the key), @OneToOne (the side without `mappedBy` owns it), @OneToMany (inverse),
 * @ManyToMany(() => B, mappedBy?, options?) (the side with `owner: true` or `inversedBy`, else the side without
 * a `mappedBy`, owns the pivot table, `pivotTable` or `<table>_<property>`; a `pivotEntity` is its own entity).
 * `@Entity({ abstract: true })` is no table; names may be constants (`@Entity({ tableName })`).
 * Use: em.find(Order, …), em.nativeInsert(Order, …), em.getRepository(Order), @InjectRepository(Order),
 * `class OrderRepository extends EntityRepository<Order>`: read by the linker (src/scan/link) like any
 * entity passed to a call; migrations' this.addSql("…") is SQL and read by the SQL scanner.
 */

const MIKRO = /^@mikro-orm\//;

export const mikroOrm: Source = {
  id: "mikro-orm",
  title: "MikroORM",
  docs: "https://mikro-orm.io/docs/defining-entities",
  declares: /@Entity\b/,
  enablers: ["@mikro-orm/core", "@mikro-orm/postgresql", "@mikro-orm/mysql", "@mikro-orm/mariadb", "@mikro-orm/sqlite", "@mikro-orm/better-sqlite", "@mikro-orm/libsql", "@mikro-orm/nestjs"],

  visit(node, ctx) {
    if (ts.isClassDeclaration(node) && node.name && isMikroEntity(node, ctx)) entity(node, ctx);
  },
};

/** `@Entity` imported from MikroORM (TypeORM's `@Entity` is the TypeORM source's). */
export function isMikroEntity(cls: ts.ClassDeclaration, ctx: VisitContext): boolean {
  return decoratorsOf(cls).some((d) => decoratorName(d) === "Entity") && MIKRO.test(ctx.symbols.imports.Entity?.specifier ?? "");
}

function entity(cls: ts.ClassDeclaration, ctx: VisitContext): void {
  const deco = decoratorsOf(cls).find((d) => decoratorName(d) === "Entity")!;
  const options = ts.isCallExpression(deco.expression) ? deco.expression.arguments[0] : undefined;
  const name = cls.name!.text;
  // An abstract entity (a base class of fields) has no table of its own.
  if (objectProperty(options, "abstract")?.kind === ts.SyntaxKind.TrueKeyword) return;
  const text = (e: ts.Expression | undefined) => (e ? staticString(e, ctx.lookup) : null);
  const table = text(objectProperty(options, "tableName")) ?? text(objectProperty(options, "collection")) ?? snakeCase(name);
  const schema = text(objectProperty(options, "schema"));
  ctx.emit({ kind: "entity", source: "mikro-orm", entity: name, table: schema ? `${schema}.${table}` : table, file: ctx.path, line: ctx.lineOf(cls) });

  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
    const rel = decoratorsOf(member).find((d) => /^(ManyToOne|OneToOne|OneToMany|ManyToMany)$/.test(decoratorName(d) ?? ""));
    if (!rel || !ts.isCallExpression(rel.expression)) continue;
    const kind = decoratorName(rel)!;
    const args = rel.expression.arguments;
    const [first, second] = args;
    // Options: the first argument as an object, else the last object after the target (`(() => B, "x", { owner: true })`).
    const opts = first && ts.isObjectLiteralExpression(first) ? first : args.slice(1).reverse().find((a) => ts.isObjectLiteralExpression(a));
    const target = first && !ts.isObjectLiteralExpression(first) ? entityRef(first) : entityRef(objectProperty(opts, "entity"));
    if (!target) continue;
    // The second argument (a property name or `b => b.items`) names the other side: mappedBy, or inversedBy on the owner.
    const otherSide = !!second && !ts.isObjectLiteralExpression(second);
    const ownerSaid = objectProperty(opts, "owner")?.kind === ts.SyntaxKind.TrueKeyword || !!objectProperty(opts, "inversedBy");
    const mappedBy = !ownerSaid && (!!objectProperty(opts, "mappedBy") || (kind !== "ManyToOne" && otherSide));
    const property = member.name.text;
    const base = { kind: "relation" as const, source: "mikro-orm", entity: name, target, property, file: ctx.path, line: ctx.lineOf(member) };
    if (kind === "ManyToOne") ctx.emit({ ...base, owner: true });
    else if (kind === "OneToOne") ctx.emit({ ...base, owner: !mappedBy });
    else if (kind === "OneToMany") ctx.emit({ ...base, owner: false });
    else if (mappedBy || objectProperty(opts, "pivotEntity")) ctx.emit({ ...base, owner: false });
    else ctx.emit({ ...base, owner: false, joinTable: text(objectProperty(opts, "pivotTable")) ?? `${table}_${snakeCase(property)}` });
  }
}
