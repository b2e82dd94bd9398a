export function ensureBuild(root: string): void;
