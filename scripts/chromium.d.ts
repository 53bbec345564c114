export function chromiumPath(): string;
export const chromiumArgs: string[];
export const softwareWebGpuArgs: string[];
