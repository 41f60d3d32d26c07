import { ts } from "#ts";
import type { Source, VisitContext } from "./source.js";
import { isMikroEntity } from "./mikro-orm.js";
import { queryRunnerCall } from "./typeorm-migrations.js";
import { calleePath, chainMethods, decoratorName, decoratorsOf, entityRef, literalText, objectProperty, snakeCase } from "./ts-helpers.js";

/*
 * TypeORM — https://typeorm.io/entities, https://typeorm.io/relations, https://typeorm.io/working-with-repository
 * Entities: @Entity() / @Entity("name") / @Entity({ name }) (default name: snake_case of the class, as
 * DefaultNamingStrategy does). Relations: @ManyToOne, @OneToOne + @JoinColumn (owning side holds the key),
 * @ManyToMany + @JoinTable (join table, default `<table>_<property>_<target table>`), @OneToMany (inverse).
 * Use: getRepository(X), dataSource/manager.getRepository(X), @InjectRepository(X), Repository<X> fields,
 * manager.find(X, …)/save(X, …), createQueryBuilder with join("alias.property") or join(Entity, …).
 * queryRunner.query("…") in migrations is plain SQL and already read by the SQL scanner; queryRunner.renameTable /
 * dropTable / createTable(new Table(…)) are read as the SQL they stand for (typeorm-migrations.ts).
 */

export const READ_METHODS = new Set(["find", "findOne", "findBy", "findOneBy", "findAndCount", "findAndCountBy", "findOneOrFail", "findOneByOrFail", "count", "countBy", "exist", "exists", "existsBy", "sum", "average", "minimum", "maximum", "preload", "query"]);
export const WRITE_METHODS = new Set(["save", "insert", "update", "upsert", "delete", "remove", "softDelete", "softRemove", "restore", "recover", "increment", "decrement", "clear"]);
/** A class decorator of the repo's own that may wrap Entity(): `@MultiORMEntity(…)`, `@AppEntity(…)`. */
const RELATION = /(ManyToOne|OneToOne|OneToMany|ManyToMany)$/;
const CUSTOM_ENTITY = /^(?!View|Child)\w+Entity$/;
const JOIN_METHODS = /^(left|inner)Join(AndSelect|AndMap\w*)?$|^join$/;

interface FileState {
  /** Variable, parameter or field name → entity. */
  bindings: Map<string, string>;
  pending: Array<{ name: string; method: string; call: ts.CallExpression; line: number; scope: string | null }>;
}
const states = new WeakMap<VisitContext, FileState>();
const stateOf = (ctx: VisitContext) => {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { bindings: new Map(), pending: [] }));
  return s;
};

export const typeorm: Source = {
  id: "typeorm",
  title: "TypeORM",
  docs: "https://typeorm.io/entities",
  declares: /@\w*Entity\b/,
  enablers: ["typeorm", "@nestjs/typeorm"],

  visit(node, ctx) {
    if (ts.isClassDeclaration(node) && node.name && !isMikroEntity(node, ctx)) entity(node, ctx);
    const st = stateOf(ctx);
    // @InjectRepository(X) name / Repository<X> typed fields and parameters
    if ((ts.isParameter(node) || ts.isPropertyDeclaration(node)) && ts.isIdentifier(node.name)) {
      const inject = decoratorsOf(node).find((d) => decoratorName(d) === "InjectRepository");
      const fromDecorator = inject && ts.isCallExpression(inject.expression) ? entityRef(inject.expression.arguments[0]) : null;
      // (the type's last name: what its text ends with, without slicing the text of every typed parameter)
      const typeName = node.type && ts.isTypeReferenceNode(node.type) ? node.type.typeName : undefined;
      const fromType = typeName && /Repository$/.test(ts.isIdentifier(typeName) ? typeName.text : typeName.right.text) ? (node.type as ts.TypeReferenceNode).typeArguments?.[0]?.getText() : undefined;
      const ent = fromDecorator ?? fromType;
      if (ent && /^[A-Z]/.test(ent) && !isTypeParameter(node, ent)) st.bindings.set(node.name.text, ent);
    }
    if (!ts.isCallExpression(node)) return;
    const path = calleePath(node.expression);
    if (!path) return;
    const method = path[path.length - 1];
    if (queryRunnerCall(node, ctx)) return;

    if (method === "getRepository" || method === "getTreeRepository" || method === "getMongoRepository") {
      // getRepository(Order), or a wrapper's getRepository(ctx, Order): the entity is the class argument.
      const ent = node.arguments.map((a) => entityRef(a)).find((n) => !!n && /^[A-Z]/.test(n)) ?? null;
      if (!ent) return;
      const parent = node.parent;
      if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) st.bindings.set(parent.name.text, ent);
      else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(parent.left)) st.bindings.set(parent.left.name.text, ent);
      else if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) st.bindings.set(parent.name.text, ent);
      else {
        const next = chainMethods(node)[0];
        if (next) useFromMethod(ent, next.name, next.call, ctx);
      }
      return;
    }
    // manager.find(Order, …), dataSource.manager.save(Order, …), em.createQueryBuilder(Order, "o")
    if (path.length >= 2 && path.slice(0, -1).some((p) => /manager$|^em$|datasource$/i.test(p)) && node.arguments[0] && ts.isIdentifier(node.arguments[0]) && /^[A-Z]/.test(node.arguments[0].text)) {
      useFromMethod(node.arguments[0].text, method, node, ctx);
      return;
    }
    // repo.find(), this.orders.save()
    if (path.length >= 2 && (READ_METHODS.has(method) || WRITE_METHODS.has(method) || method === "createQueryBuilder")) {
      const owner = path[path.length - 2];
      st.pending.push({ name: owner, method, call: node, line: ctx.lineOf(node.expression), scope: ctx.scope() });
    }
  },

  endFile(ctx) {
    const st = stateOf(ctx);
    for (const p of st.pending) {
      const ent = st.bindings.get(p.name);
      if (ent) useFromMethod(ent, p.method, p.call, ctx, p.line, p.scope);
    }
    states.delete(ctx);
  },
};

function useFromMethod(ent: string, method: string, call: ts.CallExpression, ctx: VisitContext, line = ctx.lineOf(call), scope = ctx.scope()): void {
  if (method === "createQueryBuilder") {
    const chain = chainMethods(call);
    const joins: Array<{ entity?: string; viaProperty?: string }> = [];
    let mode: "read" | "write" = "read";
    for (const c of chain) {
      if (["insert", "update", "delete", "softDelete", "restore"].includes(c.name)) mode = "write";
      if (JOIN_METHODS.test(c.name)) {
        const arg = c.call.arguments[0];
        const rel = literalText(arg);
        if (rel && rel.includes(".")) joins.push({ viaProperty: rel.slice(rel.indexOf(".") + 1) });
        else if (arg && ts.isIdentifier(arg)) joins.push({ entity: arg.text });
      }
    }
    ctx.emit({ kind: "use", source: "typeorm", entity: ent, mode, joins, file: ctx.path, line, scope });
    return;
  }
  const mode = WRITE_METHODS.has(method) ? "write" : READ_METHODS.has(method) ? "read" : null;
  if (!mode) return;
  // find({ relations: ["payments"] } | { relations: { payments: true } }) joins through properties
  const options = call.arguments[call.arguments.length - 1];
  const relations = objectProperty(options, "relations");
  const joins: Array<{ viaProperty: string }> = [];
  if (relations && ts.isArrayLiteralExpression(relations)) for (const e of relations.elements) { const t = literalText(e); if (t) joins.push({ viaProperty: t }); }
  else if (relations && ts.isObjectLiteralExpression(relations)) for (const p of relations.properties) if (p.name && ts.isIdentifier(p.name)) joins.push({ viaProperty: p.name.text });
  ctx.emit({ kind: "use", source: "typeorm", entity: ent, mode, joins, file: ctx.path, line, scope });
}

function entity(cls: ts.ClassDeclaration, ctx: VisitContext): void {
  if (!cls.name) return;
  let table: string;
  if (decoratorsOf(cls).some((d) => decoratorName(d) === "ChildEntity")) {
    // Single-table inheritance: rows live in the parent entity's table.
    const parent = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!parent || !ts.isIdentifier(parent)) return;
    table = snakeCase(cls.name.text);
    ctx.emit({ kind: "entity", source: "typeorm", entity: cls.name.text, table: "", parent: parent.text, file: ctx.path, line: ctx.lineOf(cls) });
  } else {
    const deco = decoratorsOf(cls).find((d) => decoratorName(d) === "Entity" || decoratorName(d) === "ViewEntity") ?? decoratorsOf(cls).find((d) => CUSTOM_ENTITY.test(decoratorName(d) ?? ""));
    if (!deco) return;
    const decorator = decoratorName(deco)!;
    const arg = ts.isCallExpression(deco.expression) ? deco.expression.arguments[0] : undefined;
    table = literalText(arg) ?? literalText(objectProperty(arg, "name")) ?? literalText(objectProperty(arg, "tableName")) ?? snakeCase(cls.name.text);
    const schema = literalText(objectProperty(arg, "schema"));
    const name = schema ? `${schema}.${table}` : table;
    // A decorator of the repo's own (`@MultiORMEntity("employee")`) counts once the linker sees it call Entity().
    const custom = decorator === "Entity" || decorator === "ViewEntity" ? {} : { decorator };
    ctx.emit({ kind: "entity", source: "typeorm", entity: cls.name.text, table: name, file: ctx.path, line: ctx.lineOf(cls), ...custom });
  }

  for (const member of cls.members) {
    if (!ts.isPropertyDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
    const decos = decoratorsOf(member);
    const names = decos.map(decoratorName);
    // @ManyToOne, or a wrapper named after it (`@MultiORMManyToOne`)
    const rel = decos.find((d) => RELATION.test(decoratorName(d) ?? ""));
    if (!rel || !ts.isCallExpression(rel.expression)) continue;
    const kind = RELATION.exec(decoratorName(rel)!)![1];
    const target = entityRef(rel.expression.arguments[0]);
    if (!target) continue;
    const property = member.name.text;
    const base = { kind: "relation" as const, source: "typeorm", entity: cls.name.text, target, property, file: ctx.path, line: ctx.lineOf(member) };
    if (kind === "ManyToOne") ctx.emit({ ...base, owner: true });
    else if (kind === "OneToOne") ctx.emit({ ...base, owner: names.some((n) => /JoinColumn$/.test(n ?? "")) });
    else if (kind === "OneToMany") ctx.emit({ ...base, owner: false });
    else {
      const jt = decos.find((d) => /JoinTable$/.test(decoratorName(d) ?? ""));
      if (!jt) {
        ctx.emit({ ...base, owner: false });
        continue;
      }
      const jtArg = ts.isCallExpression(jt.expression) ? jt.expression.arguments[0] : undefined;
      const joinTable = literalText(objectProperty(jtArg, "name")) ?? `${table}_${snakeCase(property)}_{target}`;
      ctx.emit({ ...base, owner: false, joinTable });
    }
  }
}

/** `T` in `class CrudService<T>` or `function f<T>()`: a type parameter, not an entity. */
function isTypeParameter(node: ts.Node, name: string): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    const params = (p as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (params?.some((t) => t.name.text === name)) return true;
  }
  return false;
}
