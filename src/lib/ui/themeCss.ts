/**
 * The theme (src/lib/theme.ts) as CSS custom properties, so stylesheets take every
 * colour and size from the same place the Pixi scenes do.
 */
import { colors, palette, sizes } from '$lib/theme';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `--color-ink: #1B1F24;` and so on, one declaration per theme entry. */
export function themeDeclarations(): string[] {
  const declarations: string[] = [];
  for (const [name, value] of Object.entries(palette)) declarations.push(`--palette-${kebab(name)}: ${value};`);
  for (const [name, value] of Object.entries(colors)) {
    if (typeof value === 'string') declarations.push(`--color-${kebab(name)}: ${value};`);
    else value.forEach((colour, i) => declarations.push(`--color-class-${i}: ${colour};`));
  }
  for (const [name, value] of Object.entries(sizes)) declarations.push(`--size-${kebab(name)}: ${value}px;`);
  return declarations;
}

/** A `:root { ... }` rule for the document head. */
export function themeCss(): string {
  return `:root{${themeDeclarations().join('')}}`;
}
