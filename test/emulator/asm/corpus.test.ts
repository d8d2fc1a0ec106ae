/**
 * The hand-written corpus (corpus/*.S): each file assembled by hartscope and by GNU as must give identical
 * section bytes and symbol values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTool, toolMissingMessage } from '../../helpers/tools';
import { differences } from './differential';
import { AS } from './gnu';

const dir = join(__dirname, 'corpus');
const files = readdirSync(dir).filter((f) => f.endsWith('.S'));
// Files the corpus may .include (not programs of their own).
const includes = Object.fromEntries(
  readdirSync(join(dir, 'include')).map((f) => [f, readFileSync(join(dir, 'include', f), 'utf8')]),
);
if (!hasTool(AS)) console.warn(toolMissingMessage(AS));

describe.skipIf(!hasTool(AS))('corpus: hartscope assembles byte for byte as GNU as does', () => {
  it.each(files)('%s', (file) => {
    expect(differences(readFileSync(join(dir, file), 'utf8'), file, includes)).toEqual([]);
  });
});
