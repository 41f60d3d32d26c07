import type { Evidence } from "../scan/facts.js";
import { bareName } from "../util/table-name.js";
import type { ColumnFact } from "../scan/columns.js";
import type { Criticality } from "../rules/domains.js";
import type { Crossing } from "./metrics.js";
import { wordsOf } from "../util/words.js";
import { compareStrings } from "../util/sort.js";

/*
 * How much a context's failure hurts, from what its data and code show, not from its name:
 *   - money: a column whose main word is an amount, total, balance, charge, refund, fee, tax, payout …
 *     (critical when its writes share a transaction with another context); prices alone are medium;
 *   - secrets: password hashes, tokens, API keys, salts, one-time codes (high);
 *   - stock with reservations: a reservation table, or reserved quantities (high; critical with a shared
 *     transaction);
 *   - foreign keys other contexts' tables point to it with (medium: others depend on its data);
 *   - transactions shared with other contexts (medium: its data must agree with theirs);
 *   - its share of the repo's write sites (medium from a fifth, high from a third: the core) and, with runtime statistics, of the
 *     database's calls (one level up from a quarter).
 * The domain vocabulary's criticality is a prior: evidence overrides it, and a prior above the evidence
 * stands only one level over it. Every reason carries its lines.
 */

export const LEVELS: Criticality[] = ["low", "medium", "high", "critical"];
const rank = (c: Criticality) => LEVELS.indexOf(c);
const atLeast = (a: Criticality, b: Criticality) => (rank(a) >= rank(b) ? a : b);

const MONEY = new Set(["amount", "amounts", "total", "subtotal", "balance", "balances", "charge", "charges", "charged", "refund", "refunds", "refunded", "paid", "payout", "payouts", "tax", "taxes", "vat", "fee", "fees", "cents", "money", "salary", "wage", "wages", "credit", "debit", "currency", "settlement"]);
const NOT_MONEY = new Set(["discount", "min", "max", "minimum", "maximum", "limit", "threshold", "count", "number", "id", "type", "at", "percent", "percentage", "rate", "ratio", "quantity", "pages", "items", "votes", "views", "size"]);
const PRICE = new Set(["price", "prices", "cost", "costs"]);
const SECRET_WORDS = new Set(["password", "passwd", "secret", "secrets", "salt", "otp", "totp", "mfa", "credential", "credentials", "passphrase"]);
const TOKEN_WORDS = new Set(["token", "tokens"]);
const STOCK_WORDS = new Set(["reserved", "reservation", "reservations", "on_hand", "onhand", "stock", "quantity_reserved"]);

export interface CriticalityEvidence {
  /** `money`, `price`, `secret`, `stock`, `inbound-fk`, `shared-tx`, `write-share`, `traffic`, `prior`. */
  kind: string;
  level: Criticality;
  text: string;
  evidence: Evidence[];
}

export interface CriticalityInputs {
  name: string;
  tables: readonly string[];
  columns: Readonly<Record<string, readonly ColumnFact[]>>;
  /** Every crossing of the assessment (this context's are picked out). */
  crossings: readonly Crossing[];
  /** Write sites on this context's tables, and on every table. */
  writes: { own: number; all: number };
  /** Share of the database's calls (0..1), with runtime statistics. */
  trafficShare?: number;
  /** The vocabulary's criticality for the domain its tables speak of, with that domain's name. */
  prior?: { domain: string; criticality: Criticality };
}

export interface CriticalityResult {
  criticality: Criticality;
  evidence: CriticalityEvidence[];
}

const at = (c: ColumnFact): Evidence => ({ file: c.file, line: c.line });

/** Tokens that open no account: a device's push token, a CSRF token. */
const NOT_CREDENTIAL = new Set(["push", "device", "fcm", "apns", "firebase", "csrf", "expo", "notification", "notifications"]);

function columnKinds(col: string, table: string): { money: boolean; price: boolean; secret: boolean; stock: boolean } {
  const words = wordsOf(col);
  const tableWordsList = wordsOf(table);
  const last = words[words.length - 1] ?? "";
  const anyNot = words.some((w) => NOT_MONEY.has(w));
  const money = !anyNot && (MONEY.has(last) || (words.length > 1 && MONEY.has(words[0]) && !/_id$|_at$/.test(col)));
  const price = !money && !anyNot && words.some((w) => PRICE.has(w));
  const secret = words.some((w) => SECRET_WORDS.has(w)) || (words.some((w) => TOKEN_WORDS.has(w)) && !/(_id|_type|_count|_at|_expires?)$/.test(col) && ![...words, ...tableWordsList].some((w) => NOT_CREDENTIAL.has(w))) || (words.includes("key") && words.some((w) => w === "api" || w === "private" || w === "secret")) || (words.includes("hash") && words.some((w) => w === "password" || w === "token" || w === "key"));
  const stock = STOCK_WORDS.has(col) || words.includes("reserved") || (words.includes("on") && words.includes("hand"));
  return { money, price, secret, stock };
}

export function criticalityOf(inp: CriticalityInputs): CriticalityResult {
  const items: CriticalityEvidence[] = [];
  const mine = inp.crossings.filter((x) => x.fromContext === inp.name || x.toContext === inp.name);
  const tx = mine.filter((x) => x.kind === "tx");
  const txPartners = [...new Set(tx.map((x) => (x.fromContext === inp.name ? x.toContext : x.fromContext)))].sort(compareStrings);

  const money: ColumnFact[] = [];
  const price: ColumnFact[] = [];
  const secret: ColumnFact[] = [];
  const stock: ColumnFact[] = [];
  const label = new Map<ColumnFact, string>();
  for (const t of inp.tables) {
    for (const c of inp.columns[t] ?? []) {
      const k = columnKinds(c.name, bareName(t));
      label.set(c, `${bareName(t)}.${c.name}`);
      if (k.money) money.push(c);
      else if (k.price) price.push(c);
      if (k.secret) secret.push(c);
      if (k.stock) stock.push(c);
    }
  }
  const reservationTables = inp.tables.filter((t) => wordsOf(bareName(t)).some((w) => w === "reservation" || w === "reservations"));
  const names = (cols: ColumnFact[]) => cols.slice(0, 3).map((c) => label.get(c)).join(", ") + (cols.length > 3 ? ` and ${cols.length - 3} more` : "");
  if (money.length) {
    const critical = txPartners.length > 0;
    items.push({ kind: "money", level: critical ? "critical" : "high", text: `holds money (${names(money)})${critical ? ` and writes it in one transaction with ${txPartners.join(", ")}` : ""}`, evidence: money.slice(0, 3).map(at) });
  } else if (price.length) {
    items.push({ kind: "price", level: "medium", text: `holds prices (${names(price)}), no amount charged or owed`, evidence: price.slice(0, 3).map(at) });
  }
  if (secret.length) items.push({ kind: "secret", level: "high", text: `holds secrets (${names(secret)}): a leak or a failure locks users out`, evidence: secret.slice(0, 3).map(at) });
  if (reservationTables.length || stock.length) {
    const critical = txPartners.length > 0;
    const what = reservationTables.length ? `reservations (${reservationTables.map(bareName).join(", ")})` : `reserved stock (${names(stock)})`;
    items.push({ kind: "stock", level: critical ? "critical" : "high", text: `keeps stock with ${what}${critical ? `, written in one transaction with ${txPartners.join(", ")}` : ""}: a stale level oversells`, evidence: stock.slice(0, 3).map(at) });
  }
  // Other contexts' tables pointing to its tables.
  const inbound = mine.filter((x) => x.kind === "fk" && x.toContext === inp.name);
  const fkFrom = [...new Set(inbound.map((x) => x.fromContext))].sort(compareStrings);
  if (fkFrom.length) {
    items.push({ kind: "inbound-fk", level: "medium", text: `tables of ${fkFrom.length} other context${fkFrom.length === 1 ? "" : "s"} (${fkFrom.join(", ")}) hold foreign keys to its tables`, evidence: inbound.flatMap((x) => x.evidence).slice(0, 3) });
  }
  if (txPartners.length) items.push({ kind: "shared-tx", level: "medium", text: `writes in one transaction with ${txPartners.join(", ")}`, evidence: tx.flatMap((x) => x.evidence).slice(0, 3) });
  const share = inp.writes.all ? inp.writes.own / inp.writes.all : 0;
  if (share >= 0.2) items.push({ kind: "write-share", level: share >= 1 / 3 ? "high" : "medium", text: `${Math.round(share * 100)}% of the repo's write sites are on its tables`, evidence: [] });

  let level: Criticality = items.reduce<Criticality>((l, i) => atLeast(l, i.level), "low");
  if (inp.trafficShare !== undefined && inp.trafficShare >= 0.25 && rank(level) < 3) {
    level = LEVELS[rank(level) + 1];
    items.push({ kind: "traffic", level, text: `${Math.round(inp.trafficShare * 100)}% of the database's calls`, evidence: [] });
  }
  if (inp.prior) {
    const p = inp.prior.criticality;
    if (rank(p) > rank(level)) {
      const raised = LEVELS[Math.min(rank(p), rank(level) + 1)];
      items.push({ kind: "prior", level: raised, text: `its tables speak of ${inp.prior.domain}, usually ${p}; ${items.length ? `the evidence shows ${level}` : "no evidence of money, secrets, stock or shared writes"}, so ${raised}`, evidence: [] });
      level = raised;
    } else if (rank(p) < rank(level)) {
      items.push({ kind: "prior", level, text: `its tables speak of ${inp.prior.domain}, usually ${p}; the evidence above makes it ${level}`, evidence: [] });
    }
  }
  return { criticality: level, evidence: items };
}
