// Pixi (8.x) names every WebGL program it compiles with a counter, `graphics-fragment-2`,
// `-3`, …, and keys a module-level table by the named source for the life of the page
// (pixijs/pixijs#12213). Each picture makes its own renderer, and each renderer compiles
// its graphics shader again under a new number: about 30 KB kept per picture opened, so a
// kiosk showing a thousand pictures a day holds some 30 MB more by evening (RELIABILITY.md).
// This build step keeps Pixi's names and drops the counter, so a renderer made again
// compiles the same source and reuses the key. The name is a debugging aid only.

const file = /[\\/]pixi\.js[\\/].*[\\/]setProgramName\.m?js$/;
const counter = /if \(nameCache\[name\]\) \{\s*nameCache\[name\]\+\+;\s*name \+= `-\$\{nameCache\[name\]\}`;\s*\} else \{\s*nameCache\[name\] = 1;\s*\}/;

/**
 * Pixi's setProgramName without its counter.
 * @param {string} code the module's source
 * @returns {string} the source with stable names
 * @throws when the source no longer has the counter this expects (a Pixi upgrade: look again)
 */
export function stableShaderNames(code) {
  if (!counter.test(code)) throw new Error("pixi.js's setProgramName has changed: check whether pixijs/pixijs#12213 is fixed, then update or drop scripts/pixiShaderNames.js");
  return code.replace(counter, '');
}

/** @returns {import('vite').Plugin} the step for Vite's build, dev server and dependency bundling */
export function pixiShaderNames() {
  return {
    name: 'pixi-stable-shader-names',
    enforce: 'pre',
    transform(code, id) {
      return file.test(id.split('?')[0]) ? { code: stableShaderNames(code), map: null } : null;
    }
  };
}
