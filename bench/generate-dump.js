// Generates a pg_dump-shaped SQL file of about 50,000 statements (deterministic) for the SQL benchmark:
// settings, sequences, tables with foreign keys, ownership, constraints, indexes, comments, COPY data,
// INSERTs, views and dollar-quoted functions, in the proportions a real dump has.
import fs from "node:fs";
import path from "node:path";

export function generateDump(file, { statements = 50_000 } = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = [];
  let count = 0;
  const emit = (s) => {
    out.push(s);
    count++;
  };
  emit("SET statement_timeout = 0;");
  emit("SET client_encoding = 'UTF8';");
  emit("SELECT pg_catalog.set_config('search_path', '', false);");
  for (let t = 0; count < statements; t++) {
    const name = `public.t${t}`;
    const parent = t > 0 ? `public.t${Math.floor(t / 2)}` : null;
    emit(`CREATE SEQUENCE ${name}_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;`);
    emit(
      `CREATE TABLE ${name} (\n    id integer DEFAULT nextval('${name}_id_seq'::regclass) NOT NULL,\n    parent_id integer,\n    label text NOT NULL,\n    amount numeric(12,2) DEFAULT 0 NOT NULL,\n    last_update timestamp with time zone DEFAULT now() NOT NULL\n);`,
    );
    emit(`ALTER TABLE ${name} OWNER TO postgres;`);
    emit(`ALTER TABLE ONLY ${name} ADD CONSTRAINT t${t}_pkey PRIMARY KEY (id);`);
    if (parent) emit(`ALTER TABLE ONLY ${name} ADD CONSTRAINT t${t}_parent_fkey FOREIGN KEY (parent_id) REFERENCES ${parent}(id) ON UPDATE CASCADE ON DELETE RESTRICT;`);
    emit(`CREATE INDEX idx_t${t}_label ON ${name} USING btree (label);`);
    emit(`COMMENT ON TABLE ${name} IS 'table ${t}; generated';`);
    emit(`COPY ${name} (id, parent_id, label, amount, last_update) FROM stdin;\n1\t\\N\tfirst; row\t1.00\t2024-01-01 00:00:00+00\n2\t1\tsecond\t2.50\t2024-01-02 00:00:00+00\n\\.`);
    emit(`INSERT INTO ${name} (parent_id, label, amount) VALUES (1, 'it''s; ok', 3.25);`);
    if (t % 5 === 4) {
      emit(`CREATE VIEW public.v${t} AS\n SELECT a.id, a.label, b.label AS parent_label\n   FROM (${name} a\n     LEFT JOIN ${parent} b ON ((b.id = a.parent_id)));`);
      emit(`CREATE FUNCTION public.f${t}(p integer) RETURNS integer\n    LANGUAGE plpgsql\n    AS $_$\nBEGIN\n  UPDATE ${name} SET amount = amount + 1 WHERE id = p;\n  RETURN p;\nEND;\n$_$;`);
    }
  }
  fs.writeFileSync(file, `${out.join("\n\n")}\n`);
  return { file, statements: count };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = generateDump(process.argv[2] ?? "bench/.generated/dump-50k/dump.sql");
  console.log(`${r.file}: ${r.statements} statements`);
}
