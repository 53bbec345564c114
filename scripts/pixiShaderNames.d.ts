import type { Plugin } from 'vite';
export function stableShaderNames(code: string): string;
export function pixiShaderNames(): Plugin;
