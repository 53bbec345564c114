// Packages' entry points that ship no types of their own.

/** Pixi's eval-free shader setup (for a page whose policy forbids `new Function`), imported for its effect. */
declare module 'pixi.js/unsafe-eval';
