/**
 * Vitest setup file: HARTSCOPE_ENGINE=translator runs every Machine the tests make with the block translator
 * (machines whose config names an engine keep it). The one place the environment picks the engine.
 */
const engine = process.env.HARTSCOPE_ENGINE;
if (engine !== undefined && engine !== 'interpreter' && engine !== 'translator') {
  throw new Error(`HARTSCOPE_ENGINE must be 'interpreter' or 'translator', not '${engine}'`);
}
(globalThis as { HARTSCOPE_ENGINE?: string }).HARTSCOPE_ENGINE = engine ?? 'interpreter';
