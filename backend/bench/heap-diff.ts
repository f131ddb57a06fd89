/**
 * What grew between two V8 heap snapshots (`.heapsnapshot`, e.g. from `collaboration.bench.ts
 * --heap-snapshots <dir>`), by constructor: count and shallow (self) size of each kind of node, after
 * minus before, largest first. Divided by `--per` (the clients connected between the two) it reads as
 * bytes per client. Shallow sizes: an object's own fields, not what it points to, so the rows add up
 * to the heap's growth without counting anything twice.
 *
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/heap-diff.ts <before> <after> [--per 500] [--top 40]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** `type:name` → [count, self bytes]. Strings, code and arrays are grouped by type; objects and closures by constructor/function name. */
function tally(file: string): Map<string, [number, number]> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const byName = new Map<string, [number, number]>();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden';
    const key = named ? `${type}:${heap.strings[heap.nodes[i + nameAt]!]!.slice(0, 60)}` : type;
    const row = byName.get(key) ?? [0, 0];
    row[0]++;
    row[1] += heap.nodes[i + sizeAt]!;
    byName.set(key, row);
  }
  return byName;
}

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv.splice(index, 2)[1]) : fallback;
  };
  const per = flag('per', 1);
  const top = flag('top', 40);
  const [beforeFile, afterFile] = argv;
  if (!beforeFile || !afterFile) throw new Error('usage: heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> [--per n] [--top n]');
  const before = tally(beforeFile);
  const after = tally(afterFile);
  const rows = [...new Set([...before.keys(), ...after.keys()])].map((key) => {
    const [countBefore, bytesBefore] = before.get(key) ?? [0, 0];
    const [countAfter, bytesAfter] = after.get(key) ?? [0, 0];
    return { key, count: (countAfter - countBefore) / per, bytes: (bytesAfter - bytesBefore) / per };
  });
  rows.sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`growth ${(total / 1024).toFixed(1)} kB${per > 1 ? ` per unit (÷ ${per})` : ''}`);
  console.log('bytes\tcount\tshare\tkind');
  for (const row of rows.slice(0, top)) console.log(`${row.bytes.toFixed(0)}\t${row.count.toFixed(1)}\t${((row.bytes / total) * 100).toFixed(1)} %\t${row.key}`);
}

main();
