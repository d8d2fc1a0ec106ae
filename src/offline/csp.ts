/**
 * The page's Content-Security-Policy, one definition for both builds (DESIGN.md: "No request ever leaves
 * the page"). The vite plugin puts it in a <meta http-equiv> tag of each built page, and `vite preview` also
 * sends it as a header.
 *
 * What each directive allows, and why:
 * - scripts only from the page's own origin, or (single-file build) exactly the inline script whose sha256
 *   the build computed: no remote scripts, no other inline script, no eval. A guest's console output is
 *   text, so even if it were ever mistaken for HTML it could not run.
 * - workers from the origin (the folder build's worker file) or from blob: (the single-file build inlines
 *   the worker's code and starts it from a blob URL; a blob worker inherits this policy).
 * - connect (fetch) to the origin and to data:/blob: URLs: the single-file build fetches its example ELF
 *   from a data: URL. Nothing else, so no request can reach another host.
 * - styles from the origin and inline: CodeMirror and xterm.js add <style> elements at run time, and the
 *   single-file build inlines its stylesheet. Styles cannot run code.
 * - images from the origin, data: and blob:; fonts only from the origin (no web fonts are used).
 *
 * frame-ancestors cannot be set from a meta tag (CSP 3, section 6.1.2), so it is not in this list.
 */

export interface CspOptions {
  /** sha256 of each inline script, base64 (the single-file build); none in the folder build. */
  inlineScriptHashes?: readonly string[];
}

/**
 * The block translator (emulator/hart/translate/) compiles hot guest code with `new Function`, which needs
 * 'unsafe-eval' in script-src (inherited by the single-file build's blob worker). Without it the translator
 * falls back to interpreting, silently slower. Remote and inline scripts stay forbidden.
 */
export const ALLOW_EVAL = true;

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const hashes = (options.inlineScriptHashes ?? []).map((h) => `'sha256-${h}'`);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", ...hashes, ...(ALLOW_EVAL ? ["'unsafe-eval'"] : [])],
    ['worker-src', "'self'", 'blob:'],
    ['connect-src', "'self'", 'data:', 'blob:'],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
