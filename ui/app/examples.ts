/**
 * The example programs (firmware/examples/*.S) and their link script, bundled as text: the page assembles
 * them itself, with no toolchain and no fetch.
 */
const sources = import.meta.glob<string>('../../firmware/examples/*.S', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The examples' link script: code at the start of RAM, then data, bss and a 16 KiB stack (stack_top). */
export const EXAMPLE_LINK_SCRIPT = {
  file: 'link.ld',
  text: import.meta.glob<string>('../../firmware/examples/link.ld', {
    query: '?raw',
    import: 'default',
    eager: true,
  })['../../firmware/examples/link.ld'],
};

export interface Example {
  /** File name, e.g. hello.S. */
  file: string;
  text: string;
}

export const EXAMPLES: readonly Example[] = Object.entries(sources)
  .map(([path, text]) => ({ file: path.replace(/^.*\//, ''), text }))
  .sort((a, b) => (a.file === 'hello.S' ? -1 : b.file === 'hello.S' ? 1 : a.file.localeCompare(b.file)));
