export const offlineFolderFlag: string;
export const offlineSources: string;
export const offlineOutput: string;
export function buildingOfflineFolder(): boolean;
